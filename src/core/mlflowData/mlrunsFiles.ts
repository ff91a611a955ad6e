import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { MlflowDataError } from './errors';

// Reading the files of MLflow's file store (an mlruns/ tree), as MLflow's FileStore writes them:
// meta.yaml per experiment, run, dataset, input, logged model, registered model and version; one
// file per param, tag or alias (its content is the value); one line per metric point.

/** A meta.yaml as a plain object; undefined when there is none (MLflow skips such folders too). */
export function readMeta(folder: string): Record<string, unknown> | undefined {
  const file = path.join(folder, 'meta.yaml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
  let value: unknown;
  try {
    // MLflow's YAML is plain; large integers (experiment ids) stay exact as strings or bigints.
    value = parse(text, { intAsBigInt: true });
  } catch (err) {
    throw new MlflowDataError(file, `${file} is not valid YAML (${(err as Error).message.split('\n')[0]}); MLflow's file store writes a mapping here.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MlflowDataError(file, `${file} should hold a YAML mapping, as MLflow's file store writes it.`);
  }
  return value as Record<string, unknown>;
}

/** Every file under `folder` (keys may hold '/'), as key → content; empty when there is no folder. */
export function readValues(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of filesUnder(folder)) out[key] = fs.readFileSync(path.join(folder, key), 'utf8');
  return out;
}

/** Relative paths of the files under `folder`, with '/' separators, sorted. */
export function filesUnder(folder: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(folder, { recursive: true, encoding: 'utf8' });
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return [];
    throw err;
  }
  return entries
    .filter((rel) => fs.statSync(path.join(folder, rel)).isFile())
    .map((rel) => rel.split(path.sep).join('/'))
    .sort();
}

/** Sub-folders of `folder`, sorted; empty when there is none. */
export function subfolders(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return [];
    throw err;
  }
}

export interface MetricLine {
  timestamp: number;
  value: number;
  step: number;
  /** The remaining fields: a run's dataset name and digest, or a logged model's run id (then dataset). */
  rest: string[];
}

/** The lines of a metric file: `timestamp value [step ...]`; `value` as Python prints floats (nan, inf). */
export function readMetricLines(file: string, fieldCounts: number[]): MetricLine[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const points: MetricLine[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parts = line.trim().split(' ');
    const timestamp = Number(parts[0]);
    const value = pythonFloat(parts[1] ?? '');
    const step = parts.length >= 3 ? Number(parts[2]) : 0;
    if (!fieldCounts.includes(parts.length) || !Number.isSafeInteger(timestamp) || Number.isNaN(value) !== /^[+-]?nan$/i.test(parts[1]) || !Number.isSafeInteger(step)) {
      throw new MlflowDataError(file, `${file}, line ${i + 1}: expected \`timestamp value step\` (${fieldCounts.join(' or ')} fields) as MLflow's file store writes metrics, got ${JSON.stringify(line.slice(0, 80))}.`);
    }
    points.push({ timestamp, value, step, rest: parts.slice(3) });
  });
  return points;
}

function pythonFloat(text: string): number {
  if (/^[+-]?nan$/i.test(text)) return NaN;
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  return text.trim() === '' ? NaN : Number(text);
}

/** A YAML scalar as a string ('' for null), keeping big integers exact. */
export function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A YAML scalar as a number, or null when absent. */
export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
