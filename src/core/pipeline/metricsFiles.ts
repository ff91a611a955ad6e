import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Metric } from '../store/types';

// Metrics files a stage declares under `metrics:`:
// - `.json`: an object of scalars (nested objects flatten to `a.b`), logged at step 0;
// - `.jsonl` / `.ndjson`: one object per line, a step history; `step` (default: the line's index)
//   and `timestamp` (ms since the epoch, default: when read) are taken out, every other number is a metric;
// - `.csv` / `.tsv`: a header row, then the same as JSON lines.
// Non-numeric values are ignored. An unreadable file is an error naming it.

export function readMetricsFile(file: string, now = Date.now()): Metric[] {
  const text = readFileSync(file, 'utf8');
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.json') return scalars(JSON.parse(text), now);
    if (ext === '.jsonl' || ext === '.ndjson') return history(text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown), now);
    if (ext === '.csv' || ext === '.tsv') return history(table(text, ext === '.tsv' ? '\t' : ','), now);
  } catch (err) {
    throw new Error(`Cannot read metrics from ${file}: ${(err as Error).message}`);
  }
  throw new Error(`Cannot read metrics from ${file}: use .json, .jsonl, .csv or .tsv.`);
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

function history(rows: unknown[], now: number): Metric[] {
  const out: Metric[] = [];
  rows.forEach((row, index) => {
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error(`line ${index + 1} is not an object`);
    const { step, timestamp, ...values } = row as Record<string, unknown>;
    const s = typeof step === 'number' && Number.isInteger(step) ? step : index;
    const t = typeof timestamp === 'number' && Number.isInteger(timestamp) ? timestamp : now;
    for (const [key, value] of Object.entries(values)) if (typeof value === 'number') out.push({ key, value, timestamp: t, step: s });
  });
  return out;
}

function table(text: string, delimiter: string): Record<string, unknown>[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim());
  if (!header) return [];
  const columns = header.split(delimiter).map(unquote);
  return lines.map((line) => {
    const cells = line.split(delimiter).map(unquote);
    return Object.fromEntries(columns.map((c, i) => [c, toNumber(cells[i])]));
  });
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
