import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Stage } from '../../../src/core/config/pipelineConfig';
import { CycleError, executionOrder, selectStages } from '../../../src/core/pipeline/dag';

const stage = (name: string, deps: string[], outs: string[]): Stage => ({ name, cmd: `echo ${name}`, deps, outs, params: [], metrics: [] });

const churn = [
  stage('evaluate', ['models/model.json', 'data/prepared/test.csv'], []),
  stage('train', ['data/prepared/train.csv'], ['models/model.json']),
  stage('prepare', ['data/raw/churn.csv'], ['data/prepared/']),
  stage('report', [], ['reports/']),
];

test('stages run after the stages whose outputs they read, including files inside an output folder', () => {
  assert.deepEqual(executionOrder(churn).map((s) => s.name), ['prepare', 'train', 'evaluate', 'report']);
});

test('a dependency on a folder waits for a stage writing a file inside it', () => {
  const stages = [stage('use', ['data/'], []), stage('make', [], ['data/x.csv'])];
  assert.deepEqual(executionOrder(stages).map((s) => s.name), ['make', 'use']);
});

test('a cycle is an error naming its path', () => {
  const stages = [stage('a', ['b.out'], ['a.out']), stage('b', ['a.out'], ['b.out'])];
  assert.throws(() => executionOrder(stages), (e: CycleError) => e instanceof CycleError && e.message.includes('a → b → a'));
});

test('named stages run alone, or with everything downstream of them', () => {
  assert.deepEqual(selectStages(churn, ['train'], false).map((s) => s.name), ['train']);
  assert.deepEqual(selectStages(churn, ['prepare'], true).map((s) => s.name), ['prepare', 'train', 'evaluate']);
  assert.throws(() => selectStages(churn, ['trian'], false), /Unknown stage: trian\. Stages: evaluate, train, prepare, report/);
});

test('`after` orders stages that share no files', () => {
  const stages = [{ ...stage('report', [], []), after: ['train'] }, stage('train', [], ['m.json'])];
  assert.deepEqual(executionOrder(stages).map((s) => s.name), ['train', 'report']);
});

test('a cycle deep in a pipeline names just the stages on it; ties go to file order', () => {
  const stages = [stage('x', ['c.out'], ['x.out']), stage('a', ['c.out', 'in.txt'], ['a.out']), stage('b', ['a.out'], ['b.out']), stage('c', ['b.out'], ['c.out'])];
  assert.throws(() => executionOrder(stages), (e: CycleError) => e instanceof CycleError && e.cycle.join(' ') === 'c b a c');
  const fan = [stage('join', ['p2.out', 'p1.out'], []), stage('p1', [], ['p1.out']), stage('p2', [], ['p2.out'])];
  assert.deepEqual(executionOrder(fan).map((s) => s.name), ['p1', 'p2', 'join']);
});

test('a chain of 50,000 stages is ordered without running out of stack, and ./ or trailing / in paths do not matter', () => {
  const chain = Array.from({ length: 50_000 }, (_, i) => stage(`s${i}`, i === 0 ? [] : [`./out/s${i - 1}.txt`], [i % 2 ? `out/s${i}.txt` : `out//s${i}.txt/`]));
  const order = executionOrder([...chain].reverse());
  assert.equal(order.length, 50_000);
  assert.deepEqual([order[0]!.name, order[49_999]!.name], ['s0', 's49999']);
  assert.deepEqual(selectStages(chain, ['s49998'], true).map((s) => s.name), ['s49998', 's49999']);
});
