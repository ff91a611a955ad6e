import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { MetricsTail } from '../../../src/core/pipeline/metricsTail';

const dir = mkdtempSync(path.join(tmpdir(), 'mlops-tail-'));
const steps = (points: { key: string; step: number; value: number }[]) => points.map((p) => `${p.key}@${p.step}=${p.value}`);

test('whole lines as they come; a line still being written waits; finish takes the rest', () => {
  const file = path.join(dir, 'h.jsonl');
  const tail = new MetricsTail(file);
  assert.deepEqual(tail.poll(), [], 'no file yet');
  writeFileSync(file, '{"loss": 0.9}\n{"loss": 0.');
  assert.deepEqual(steps(tail.poll()), ['loss@0=0.9']);
  assert.deepEqual(tail.poll(), []);
  appendFileSync(file, '8}\n{"loss": 0.7}');
  assert.deepEqual(steps(tail.poll()), ['loss@1=0.8']);
  assert.deepEqual(steps(tail.finish()), ['loss@2=0.7']);
});

test('a CSV replaced by a new file is read again from its header, without repeating points', () => {
  const file = path.join(dir, 'h.csv');
  const tail = new MetricsTail(file);
  writeFileSync(file, 'epoch,acc\n0,0.5\n');
  assert.deepEqual(steps(tail.poll()), ['epoch@0=0', 'acc@0=0.5']);
  writeFileSync(`${file}.new`, 'epoch,acc\n0,0.5\n1,0.6\n');
  renameSync(`${file}.new`, file);
  assert.deepEqual(steps(tail.poll()), ['epoch@1=1', 'acc@1=0.6']);
  assert.deepEqual(tail.finish(), []);
});

test('a file that was there before and is not touched is not read; JSON scalars come at the end', () => {
  const file = path.join(dir, 'eval.json');
  writeFileSync(file, '{"auc": 0.8}');
  const untouched = new MetricsTail(file);
  assert.equal(untouched.written, false);
  assert.deepEqual(untouched.finish(), []);
  const rewritten = new MetricsTail(file);
  writeFileSync(file, '{"auc": 0.85, "f1": 0.7}');
  assert.deepEqual(rewritten.poll(), []);
  assert.deepEqual(steps(rewritten.finish()), ['auc@0=0.85', 'f1@0=0.7']);
});
