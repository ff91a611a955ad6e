import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Metric } from '../store/types';

// Metrics files a stage declares under `metrics:`:
// - `.json`: an object of scalars (nested objects flatten to `a.b`), logged at step 0;
// - `.jsonl` / `.ndjson`: one object per line, a step history; `step` (default: the line's index)
//   and `timestamp` (ms since the epoch, default: when read) are taken out, every other number is a metric;
// - `.csv` / `.tsv`: a header row, then the same as JSON lines.
// Non-numeric values are ignored. An unreadable file is an error naming it.

export type MetricsFormat = 'json' | 'jsonl' | 'csv' | 'tsv';

/** The file's format by its extension; throws for any other. */
export function metricsFormat(file: string): MetricsFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv') return ext.slice(1) as MetricsFormat;
  throw new Error(`Cannot read metrics from ${file}: use .json, .jsonl, .csv or .tsv.`);
}

export function readMetricsFile(file: string, now = Date.now()): Metric[] {
  const format = metricsFormat(file);
  const text = readFileSync(file, 'utf8');
  try {
    if (format === 'json') return scalars(JSON.parse(text), now);
    return parseHistoryLines(format, text.split('\n'), 0, undefined, now).points;
  } catch (err) {
    throw new Error(`Cannot read metrics from ${file}: ${(err as Error).message}`);
  }
}

/**
 * Points from lines of a step history (JSON lines, CSV, TSV), read from a file piece by piece:
 * `firstRow` counts the data rows before these (a row's index is its default step), `header` is the
 * CSV/TSV header read before (undefined: the first non-empty line here is the header).
 */
export function parseHistoryLines(format: Exclude<MetricsFormat, 'json'>, lines: string[], firstRow: number, header: string[] | undefined, now: number): { points: Metric[]; rows: number; header: string[] | undefined } {
  const nonEmpty = lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim());
  if (format === 'jsonl') {
    const rows = nonEmpty.map((l) => JSON.parse(l) as unknown);
    return { points: history(rows, firstRow, now), rows: rows.length, header };
  }
  const delimiter = format === 'tsv' ? '\t' : ',';
  if (!header && nonEmpty.length > 0) header = nonEmpty.shift()!.split(delimiter).map(unquote);
  const rows = nonEmpty.map((line) => {
    const cells = line.split(delimiter).map(unquote);
    return Object.fromEntries(header!.map((c, i) => [c, toNumber(cells[i])]));
  });
  return { points: history(rows, firstRow, now), rows: rows.length, header };
}

function scalars(value: unknown, now: number): Metric[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a JSON object of metric names to numbers');
  const out: Metric[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v === 'number') out.push({ key: prefix + k, value: v, timestamp: now, step: 0 });
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
    }
  };
  walk(value as Record<string, unknown>, '');
  return out;
}

function history(rows: unknown[], firstRow: number, now: number): Metric[] {
  const out: Metric[] = [];
  rows.forEach((row, i) => {
    const index = firstRow + i;
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error(`line ${index + 1} is not an object`);
    const { step, timestamp, ...values } = row as Record<string, unknown>;
    const s = typeof step === 'number' && Number.isInteger(step) ? step : index;
    const t = typeof timestamp === 'number' && Number.isInteger(timestamp) ? timestamp : now;
    for (const [key, value] of Object.entries(values)) if (typeof value === 'number') out.push({ key, value, timestamp: t, step: s });
  });
  return out;
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}

function toNumber(cell: string | undefined): number | string | undefined {
  if (cell === undefined || cell === '') return undefined;
  if (/^(nan)$/i.test(cell)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(cell)) return cell.startsWith('-') ? -Infinity : Infinity;
  const n = Number(cell);
  return Number.isNaN(n) ? cell : n;
}
