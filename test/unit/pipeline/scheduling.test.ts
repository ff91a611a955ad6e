import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunnerEvent } from '../../../src/core/pipeline/runner';
import { projectWith, runProject } from '../../fixtures/pipelines';

// Parallel scheduling, checked by what the stages themselves record (an append-only log of
// "start X" / "end X" lines, and a rendezvous), never by wall time.

/** A stage that logs its start and end; `meet` waits (bounded) for another stage to have started. */
const stage = (name: string, opts: { deps?: string[]; meet?: string; fail?: boolean } = {}) => {
  const wait = opts.meet ? `i=0; while [ ! -e started.${opts.meet} ] && [ $i -lt 300 ]; do sleep 0.01; i=$((i+1)); done; [ -e started.${opts.meet} ] && echo "met ${opts.meet}" >> log; ` : '';
  const cmd = `echo "start ${name}" >> log; touch started.${name}; ${wait}echo ${name} > out.${name}; echo "end ${name}" >> log${opts.fail ? '; exit 1' : ''}`;
  return `  ${name}:\n    cmd: '${cmd}'\n    deps: [${(opts.deps ?? []).join(', ')}]\n    outs: [out.${name}]\n`;
};
const pipeline = (...stages: string[]) => `version: 1\nexperiment: sched\nstages:\n${stages.join('')}`;
const log = (dir: string) => readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n');
const before = (lines: string[], a: string, b: string) => lines.indexOf(a) >= 0 && lines.indexOf(a) < lines.indexOf(b);

test('independent stages run at the same time; a dependent waits for all it reads', async () => {
  const p = projectWith({ 'mlops.yaml': pipeline(stage('a', { meet: 'b' }), stage('b', { meet: 'a' }), stage('c', { deps: ['out.a', 'out.b'] })) });
  try {
    const result = await runProject(p.dir, { jobs: 2 });
    assert.equal(result.status, 'FINISHED');
    const lines = log(p.dir);
    assert.ok(lines.includes('met b') && lines.includes('met a'), `a and b did not run together: ${lines.join(' | ')}`);
    assert.ok(before(lines, 'end a', 'start c') && before(lines, 'end b', 'start c'), lines.join(' | '));
  } finally {
    p.cleanup();
  }
});

test('--jobs 1 runs one stage at a time, in execution order', async () => {
  const p = projectWith({ 'mlops.yaml': pipeline(stage('a'), stage('b'), stage('c', { deps: ['out.a'] })) });
  try {
    const result = await runProject(p.dir, { jobs: 1 });
    assert.equal(result.status, 'FINISHED');
    assert.deepEqual(log(p.dir), ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  } finally {
    p.cleanup();
  }
});

test('a failing stage stops what depends on it; an independent branch runs to its end', async () => {
  const p = projectWith({
    'mlops.yaml': pipeline(stage('bad', { fail: true }), stage('child', { deps: ['out.bad'] }), stage('grandchild', { deps: ['out.child'] }), stage('other'), stage('other2', { deps: ['out.other'] })),
  });
  try {
    const result = await runProject(p.dir, { jobs: 1 });
    assert.equal(result.status, 'FAILED');
    assert.deepEqual(result.stages.map((s) => [s.stage, s.status]), [['bad', 'FAILED'], ['other', 'FINISHED'], ['other2', 'FINISHED']]);
    assert.deepEqual(result.notRun, ['child', 'grandchild']);
    const again = await runProject(p.dir, { jobs: 1 });
    assert.deepEqual(again.stages.map((s) => [s.stage, s.cachedFrom ? 'cached' : s.reasons.join()]), [['bad', 'never run'], ['other', 'cached'], ['other2', 'cached']]);
  } finally {
    p.cleanup();
  }
});

test('afterStage can stop the pipeline (a failed gate): nothing downstream starts, the result names the gate', async () => {
  const p = projectWith({ 'mlops.yaml': pipeline(stage('evaluate'), stage('register', { deps: ['out.evaluate'] })) });
  try {
    const seen: string[] = [];
    const result = await runProject(p.dir, {
      afterStage: async (s, r) => {
        seen.push(`${s.name}:${r.status}`);
        return s.name === 'evaluate' ? { stop: true, gate: 'beats_champion', reason: 'auc 0.7 < 0.8' } : undefined;
      },
    });
    assert.deepEqual(seen, ['evaluate:FINISHED']);
    assert.equal(result.status, 'FAILED');
    assert.equal(result.failedGate, 'beats_champion');
    assert.equal(result.stopReason, 'auc 0.7 < 0.8');
    assert.deepEqual(result.notRun, ['register']);
  } finally {
    p.cleanup();
  }
});

test('events: started, output, ended for a run stage; skipped for a cached one', async () => {
  const p = projectWith({ 'mlops.yaml': pipeline(stage('a')) });
  try {
    const kinds = async () => {
      const events: string[] = [];
      const pipelineWarning = (e: RunnerEvent) => e.kind === 'warning' && e.stage === ''; // e.g. no git repository
      await runProject(p.dir, { onEvent: (e) => pipelineWarning(e) || events.push(e.kind === 'output' ? 'output' : `${e.kind}${'stage' in e ? `:${e.stage}` : ''}`) });
      return events;
    };
    assert.deepEqual(await kinds(), ['pipelineStarted', 'stageStarted:a', 'stageEnded:a', 'pipelineEnded']);
    assert.deepEqual(await kinds(), ['pipelineStarted', 'stageSkipped:a', 'pipelineEnded']);
  } finally {
    p.cleanup();
  }
});
