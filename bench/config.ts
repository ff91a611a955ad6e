import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { parsePipelineDocument } from '../src/core/config/document';
import { diskProjectFiles } from '../src/core/config/projectFiles';
import { validatePipeline } from '../src/core/config/validate';
import { CachedProjectFiles } from '../src/server/cachedProjectFiles';
import { generateProject, writeProject } from './configGenerate';
import type { MemoryFigure } from './configMemory';
import { median, scratchDir } from './measure';
import { mib, ms, ratio, spread, verdict, type FigureRow } from './table';

// The config figures: validating a generated mlops.yaml beside yaml.parseDocument of the same
// text, in this process (4, 5) and, for the 10,000-stage config, in a fresh process each (6).

const STAGES = 1_000;
const LARGE_STAGES = 10_000;
const WARMUP = 3;
const REPS = 15;
const MEMORY_REPS = 3;
const VALIDATE_TARGET = 3; // ours at most 3x parseDocument's time

export interface ConfigFigures {
  rows: FigureRow[];
  notes: string[];
}

interface Pairs {
  ours: number[];
  baseline: number[];
  /** Each repetition's ours / baseline, both measured back to back. */
  ratios: number[];
}

/** `ours` and `baseline` on the same input, taking turns at going first. */
function timePairs(reps: number, input: (rep: number) => string, ours: (text: string) => unknown, baseline: (text: string) => unknown): Pairs {
  const pairs: Pairs = { ours: [], baseline: [], ratios: [] };
  for (let rep = -WARMUP; rep < reps; rep++) {
    const text = input(Math.max(rep, 0));
    const time = (fn: (text: string) => unknown) => {
      const start = performance.now();
      fn(text);
      return performance.now() - start;
    };
    let o: number;
    let b: number;
    if (rep % 2 === 0) {
      o = time(ours);
      b = time(baseline);
    } else {
      b = time(baseline);
      o = time(ours);
    }
    if (rep < 0) continue;
    pairs.ours.push(o);
    pairs.baseline.push(b);
    pairs.ratios.push(o / b);
  }
  return pairs;
}

/** The text with the `n`th `--epochs 40` (one per shard) typed over as `--epochs 41`. */
function oneCharacterEdit(text: string, n: number): string {
  const needle = '--epochs 40';
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  if (at === -1) throw new Error(`No occurrence ${n} of '${needle}' to edit`);
  const digit = at + needle.length - 1;
  return `${text.slice(0, digit)}1${text.slice(digit + 1)}`;
}

function memoryFigure(dir: string, mode: 'validate' | 'parse'): MemoryFigure {
  const script = path.join(__dirname, 'configMemory.ts');
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, dir, mode], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as MemoryFigure;
}

export function measureConfig(progress: (message: string) => void): ConfigFigures {
  const project = generateProject(STAGES);
  const dir = scratchDir('config');
  writeProject(dir, project);
  const text = project.config;
  const clean = validatePipeline(parsePipelineDocument(text), diskProjectFiles(dir));
  if (clean.length > 0) throw new Error(`The generated ${STAGES}-stage config is not clean: ${clean[0]!.code} ${clean[0]!.message}`);

  progress(`config: validate ${STAGES.toLocaleString('en-US')} stages`);
  // As `mlops validate` and a server's first validation: every file read from disk.
  const full = timePairs(REPS, () => text, (t) => validatePipeline(parsePipelineDocument(t), diskProjectFiles(dir)), (t) => parseDocument(t));

  progress('config: re-validate after a one-character edit');
  // As the server after a keystroke: the file cache filled by the first validation.
  const files = new CachedProjectFiles(diskProjectFiles(dir));
  validatePipeline(parsePipelineDocument(text), files);
  const edited = (rep: number) => oneCharacterEdit(text, (rep * 37) % Math.floor(STAGES / 4));
  const edit = timePairs(REPS, edited, (t) => validatePipeline(parsePipelineDocument(t), files), (t) => parseDocument(t));

  progress(`config: ${LARGE_STAGES.toLocaleString('en-US')} stages, memory`);
  const large = generateProject(LARGE_STAGES);
  const largeDir = scratchDir('config-large');
  writeProject(largeDir, large);
  const ours: MemoryFigure[] = [];
  const parsed: MemoryFigure[] = [];
  for (let rep = 0; rep < MEMORY_REPS; rep++) {
    ours.push(memoryFigure(largeDir, 'validate'));
    parsed.push(memoryFigure(largeDir, 'parse'));
  }
  if (ours.some((f) => f.diagnostics > 0)) throw new Error(`The generated ${LARGE_STAGES}-stage config is not clean`);
  const grown = (fs: MemoryFigure[]) => median(fs.map((f) => f.rssAfter - f.rssBefore));
  const peak = (fs: MemoryFigure[]) => median(fs.map((f) => f.rssPeak));
  const heap = (fs: MemoryFigure[]) => median(fs.map((f) => f.heapAfter - f.heapBefore));
  const timeOf = (fs: MemoryFigure[]) => median(fs.map((f) => f.ms));

  const kb = (chars: number) => `${Math.round(chars / 1024).toLocaleString('en-US')} KiB`;
  const rows: FigureRow[] = [
    {
      figure: `4. Validate a ${STAGES.toLocaleString('en-US')}-stage mlops.yaml (${kb(text.length)}), files read from disk`,
      ours: ms(median(full.ours)),
      baseline: `${ms(median(full.baseline))}, yaml.parseDocument`,
      ratio: `${ratio(median(full.ratios))} the parse`,
      target: `≤ ${ratio(VALIDATE_TARGET)}`,
      verdict: verdict(median(full.ratios) <= VALIDATE_TARGET),
    },
    {
      figure: '5. Re-validate it after a one-character edit, file cache warm',
      ours: ms(median(edit.ours)),
      baseline: `${ms(median(edit.baseline))}, yaml.parseDocument`,
      ratio: `${ratio(median(edit.ratios))} the parse`,
      target: `≤ ${ratio(VALIDATE_TARGET)}`,
      verdict: verdict(median(edit.ratios) <= VALIDATE_TARGET),
    },
    {
      figure: `6. Validate a ${LARGE_STAGES.toLocaleString('en-US')}-stage mlops.yaml (${kb(large.config.length)}) in a fresh process`,
      ours: `${ms(timeOf(ours))}; RSS +${mib(grown(ours))} kept, peak ${mib(peak(ours))}`,
      baseline: `${ms(timeOf(parsed))}; RSS +${mib(grown(parsed))} kept, peak ${mib(peak(parsed))}, yaml.parseDocument`,
      ratio: `${ratio(timeOf(ours) / timeOf(parsed))} the parse's time`,
      target: '—',
      verdict: 'reported',
    },
  ];
  const notes = [
    `- figures 4-6: yaml ${(require('yaml/package.json') as { version: string }).version}; workload (bench/configGenerate.ts): stages in shards of four (prepare, featurize, train, evaluate), outs feeding deps and each shard's features feeding the next (a graph ${STAGES / 4 + 3} stages deep at ${STAGES.toLocaleString('en-US')}), params from params.yaml, metrics, a gate per 100 stages, register, protect, monitor; it validates clean`,
    `- figures 4-5, every repetition (ours; baseline): validate ${spread(full.ours, ms)}; ${spread(full.baseline, ms)}`,
    `  after an edit ${spread(edit.ours, ms)}; ${spread(edit.baseline, ms)}; the ratio is the median of each back-to-back pair's ratio`,
    `- figure 4 reads every file through a fresh diskProjectFiles (as \`mlops validate\`); figure 5 through the language server's CachedProjectFiles, filled by a first validation; each repetition edits a different shard's cmd`,
    `- figure 6, each a fresh \`node --expose-gc\` process, RSS and heap after a full GC with the result kept alive (ours; baseline): RSS +${spread(ours.map((f) => f.rssAfter - f.rssBefore), mib)}; +${spread(parsed.map((f) => f.rssAfter - f.rssBefore), mib)}`,
    `  heap +${mib(heap(ours))}; +${mib(heap(parsed))} (medians); time ${spread(ours.map((f) => f.ms), ms)}; ${spread(parsed.map((f) => f.ms), ms)}`,
  ];
  return { rows, notes };
}
