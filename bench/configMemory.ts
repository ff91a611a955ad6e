import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { parsePipelineDocument } from '../src/core/config/document';
import { diskProjectFiles } from '../src/core/config/projectFiles';
import { validatePipeline } from '../src/core/config/validate';
import { CachedProjectFiles } from '../src/server/cachedProjectFiles';

// Figure 6, in a process of its own so that nothing else lives in its heap:
//   node --expose-gc --import tsx bench/configMemory.ts DIR validate|parse
// validates DIR/mlops.yaml as the language server does (its file cache), or only parses it with
// yaml.parseDocument (the baseline), keeps the result alive as the server keeps an open config,
// and prints one line of JSON: the time, and the RSS and heap before and after (after a full GC).

export interface MemoryFigure {
  ms: number;
  rssBefore: number;
  rssAfter: number;
  /** Peak RSS of the whole process (`maxRSS`), in bytes. */
  rssPeak: number;
  heapBefore: number;
  heapAfter: number;
  diagnostics: number;
}

function main(): void {
  const [dir, mode] = process.argv.slice(2);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (dir === undefined || (mode !== 'validate' && mode !== 'parse') || gc === undefined) {
    throw new Error('usage: node --expose-gc --import tsx bench/configMemory.ts DIR validate|parse');
  }
  const text = readFileSync(path.join(dir, 'mlops.yaml'), 'utf8');
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  let kept: unknown;
  let diagnostics = 0;
  if (mode === 'validate') {
    const doc = parsePipelineDocument(text);
    const found = validatePipeline(doc, new CachedProjectFiles(diskProjectFiles(dir)));
    diagnostics = found.length;
    kept = [doc, found];
  } else {
    kept = parseDocument(text);
  }
  const ms = performance.now() - started;
  const rssPeak = process.resourceUsage().maxRSS * 1024;
  gc();
  const after = process.memoryUsage();
  const figure: MemoryFigure = { ms, rssBefore: before.rss, rssAfter: after.rss, rssPeak, heapBefore: before.heapUsed, heapAfter: after.heapUsed, diagnostics };
  process.stdout.write(`${JSON.stringify(figure)}\n`);
  if (kept === undefined) throw new Error('nothing was kept');
}

main();
