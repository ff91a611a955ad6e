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
