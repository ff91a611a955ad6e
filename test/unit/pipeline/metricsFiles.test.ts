import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readMetricsFile } from '../../../src/core/pipeline/metricsFiles';

const dir = mkdtempSync(path.join(tmpdir(), 'mlops-metrics-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

test('JSON: scalars at step 0, nested objects flattened, non-numbers ignored', () => {
  const points = readMetricsFile(write('eval.json', '{"auc": 0.85, "by_class": {"yes": 0.7}, "note": "x", "ok": true}'), 42);
  assert.deepEqual(points, [
    { key: 'auc', value: 0.85, timestamp: 42, step: 0 },
    { key: 'by_class.yes', value: 0.7, timestamp: 42, step: 0 },
  ]);
});

test('JSON lines: a step history; step and timestamp taken from the line when present', () => {
  const points = readMetricsFile(write('h.jsonl', '{"step": 1, "loss": 0.6}\n{"loss": 0.5, "timestamp": 1700000000000}\n\n'), 7);
  assert.deepEqual(points, [
    { key: 'loss', value: 0.6, timestamp: 7, step: 1 },
    { key: 'loss', value: 0.5, timestamp: 1700000000000, step: 1 },
  ]);
});

test('CSV and TSV: a header, numeric columns, NaN and inf as MLflow allows', () => {
  const csv = readMetricsFile(write('h.csv', 'step,loss,"acc"\n0,0.9,nan\n1,0.8,inf\n'), 1);
  assert.deepEqual(csv.map((p) => [p.key, p.step, p.value]), [['loss', 0, 0.9], ['acc', 0, NaN], ['loss', 1, 0.8], ['acc', 1, Infinity]]);
  const tsv = readMetricsFile(write('h.tsv', 'epoch\tloss\n3\t0.5\n'), 1);
  assert.deepEqual(tsv.map((p) => [p.key, p.step, p.value]), [['epoch', 0, 3], ['loss', 0, 0.5]]);
});

test('unreadable files are errors naming the file', () => {
  assert.throws(() => readMetricsFile(write('bad.json', '{"auc": '), 1), /Cannot read metrics from .*bad\.json/);
  assert.throws(() => readMetricsFile(write('bad.jsonl', '[1,2]\n'), 1), /line 1 is not an object/);
  assert.throws(() => readMetricsFile(write('m.txt', 'auc 1'), 1), /use \.json, \.jsonl, \.csv or \.tsv/);
});
