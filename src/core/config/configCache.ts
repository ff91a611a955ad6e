import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PipelineConfig } from './pipelineConfig';
import type { ProjectFiles } from './projectFiles';

// A validated mlops.yaml as the runner reads it, remembered in `.mlops/config.json` beside it, so a
// warm `mlops status` parses no YAML. A remembered config is used only for
// - the same mlops.yaml (absolute path) with the same text (md5),
// - the same workbench build (`build`: by default the size, mtime and inode of the bundle this code
//   runs from, so a rebuilt or updated workbench validates again; run from sources, nothing is
//   remembered, as the rules may change under it),
// - the same answers to every question the validation asked about the project's files (the params
//   file's text, a metrics file's names, a glob's matches), asked again before it is used.
// Only a config without errors is remembered, and only one that JSON keeps as it is. The file is
// written only into an existing `.mlops` folder, whole, through a temp file; an unreadable one is
// ignored and replaced.
//
// config.json: {"version": 1, "build", "file", "textMd5", "asked": [[method, argument, md5 of the answer]], "config"}

export const CONFIG_CACHE_FILE = 'config.json';
const VERSION = 1;

type Question = [method: 'exists' | 'readText' | 'readHeader' | 'glob', argument: string, answerMd5: string];

interface Saved {
  version: number;
  build: string;
  file: string;
  textMd5: string;
  asked: Question[];
  config: PipelineConfig;
}

/** The running bundle's identity; undefined when running from sources. */
export function bundleBuild(): string | undefined {
  if (typeof __filename !== 'string' || !__filename.endsWith('.js')) return undefined;
  const s = fs.statSync(__filename, { bigint: true, throwIfNoEntry: false });
  return s && `${s.size}:${s.mtimeNs}:${s.ino}`;
}

/** The config remembered for `file` with this text and build, when the project's files still answer as they did. */
export function rememberedConfig(file: string, text: string, build: string, files: ProjectFiles): PipelineConfig | undefined {
  let saved: Partial<Saved>;
  try {
    saved = JSON.parse(fs.readFileSync(cacheFile(file), 'utf8')) as Partial<Saved>;
  } catch {
    return undefined;
  }
  if (saved?.version !== VERSION || saved.build !== build || saved.file !== file || saved.textMd5 !== md5(text) || !Array.isArray(saved.asked) || !saved.config) return undefined;
  try {
    if (!saved.asked.every(([method, argument, answer]) => answerMd5(ask(files, method, argument)) === answer)) return undefined;
  } catch {
    return undefined;
  }
  return withAbsentKeys(saved.config);
}

/** Project files that note each question asked and its answer. */
export function questionsNoted(files: ProjectFiles): { files: ProjectFiles; asked: Question[] } {
  const asked: Question[] = [];
  const noted =
    <M extends Question[0]>(method: M) =>
    (argument: string) => {
      const answer = ask(files, method, argument);
      asked.push([method, argument, answerMd5(answer)]);
      return answer as never;
    };
  return { files: { exists: noted('exists'), readText: noted('readText'), readHeader: noted('readHeader'), glob: noted('glob') }, asked };
}

/** Remembers a config validated with `asked`. Best effort: it is only a shortcut. */
export function rememberConfig(file: string, text: string, build: string, asked: Question[], config: PipelineConfig): void {
  const dir = path.dirname(cacheFile(file));
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return;
  let json: string;
  try {
    // -0, NaN and the infinities do not survive JSON: such a config is read from mlops.yaml every time.
    json = JSON.stringify({ version: VERSION, build, file, textMd5: md5(text), asked, config } satisfies Saved, (_, v: unknown) => {
      if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) throw new RangeError('not kept by JSON');
      return v;
    });
  } catch {
    return;
  }
  const temp = `${cacheFile(file)}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, json);
    fs.renameSync(temp, cacheFile(file));
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

function cacheFile(file: string): string {
  return path.join(path.dirname(file), '.mlops', CONFIG_CACHE_FILE);
}

function ask(files: ProjectFiles, method: Question[0], argument: string): unknown {
  if (method === 'exists' || method === 'readText' || method === 'readHeader' || method === 'glob') return files[method](argument);
  throw new Error(`unknown question ${String(method)}`);
}

function answerMd5(answer: unknown): string {
  return md5(answer === undefined ? 'undefined' : JSON.stringify(answer));
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** JSON drops keys whose value is undefined; loadPipelineConfig writes these ones. */
function withAbsentKeys(config: PipelineConfig): PipelineConfig {
  config.paramsFile ??= undefined;
  config.register ??= undefined;
  for (const stage of config.stages) stage.wdir ??= undefined;
  return config;
}
