// The runner's events as the editor reads them from `mlops run`'s extra pipe, and what a run
// tracker makes of them: each stage's outcome and the progress line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunnerEvent } from '../../../src/core/pipeline/runner';
import { EventLineReader, parseRunnerEvent } from '../../../src/vscode/pipeline/runnerEvents';
import { RunTracker } from '../../../src/vscode/pipeline/runTracker';

const started: RunnerEvent = { kind: 'pipelineStarted', runId: 'p1', stages: ['prepare', 'train', 'evaluate'] };
const lines = (...events: unknown[]) => events.map((e) => `${JSON.stringify(e)}\n`).join('');

describe('reading NDJSON events', () => {
  it('joins lines split across chunks, at any byte', () => {
    const text = lines(started, { kind: 'stageStarted', stage: 'train', runId: 'r2', reasons: ['params changed: train.lr 0.5 → 0.25'] });
    for (let cut = 0; cut <= text.length; cut++) {
      const got: RunnerEvent[] = [];
      const reader = new EventLineReader((e) => got.push(e));
      reader.push(text.slice(0, cut));
      reader.push(text.slice(cut));
      reader.end();
      assert.deepEqual(got.map((e) => e.kind), ['pipelineStarted', 'stageStarted'], `cut at ${cut}`);
    }
  });

  it('reads a last line that lost its newline when the stream ended', () => {
    const got: RunnerEvent[] = [];
    const reader = new EventLineReader((e) => got.push(e));
    reader.push(JSON.stringify({ kind: 'pipelineEnded', runId: 'p1', status: 'KILLED' }));
    assert.equal(got.length, 0);
    reader.end();
    assert.deepEqual(got, [{ kind: 'pipelineEnded', runId: 'p1', status: 'KILLED' }]);
  });

  it('skips lines that are not events, says why, and goes on', () => {
    const got: RunnerEvent[] = [];
    const bad: string[] = [];
    const reader = new EventLineReader((e) => got.push(e), (line, why) => bad.push(`${why}: ${line}`));
    reader.push(['{"kind":"pipelineStarted"', 'null', '[1]', '{"kind":"fromTheFuture","x":1}', '{"kind":"stageEnded","stage":"train","runId":"r","status":"DONE","exitCode":0,"metrics":1}', '', lines(started)].join('\n'));
    reader.end();
    assert.deepEqual(got, [started]);
    assert.deepEqual(bad, [
      'not JSON: {"kind":"pipelineStarted"',
      'not a JSON object: null',
      'not a JSON object: [1]',
      'unknown kind "fromTheFuture": {"kind":"fromTheFuture","x":1}',
      'a stageEnded event with missing or mistyped fields: {"kind":"stageEnded","stage":"train","runId":"r","status":"DONE","exitCode":0,"metrics":1}',
    ]);
  });

  it('accepts every kind the runner emits, with its fields', () => {
    const events: RunnerEvent[] = [
      started,
      { kind: 'stageStarted', stage: 'train', runId: 'r', reasons: [] },
      { kind: 'stageSkipped', stage: 'prepare', runId: 'r', cachedFrom: 'old' },
      { kind: 'output', stage: 'train', chunk: 'epoch 1\n' },
      { kind: 'metric', stage: 'train', runId: 'r', points: [{ key: 'loss', value: 0.5, timestamp: 1, step: 0 }] },
      { kind: 'stageEnded', stage: 'train', runId: 'r', status: 'FAILED', exitCode: null, metrics: 0 },
      { kind: 'warning', stage: 'train', message: 'declared out model.json was not written' },
      { kind: 'warning', stage: '', message: 'not in a git repository: no git lineage recorded' },
      { kind: 'gateChecked', gate: 'beats_champion', stage: 'evaluate', runId: 'r', passed: false, result: { gate: 'beats_champion', after: 'evaluate', runId: 'r', passed: false, evaluatedAt: 1, requirements: [] } },
      { kind: 'registration', model: 'churn', registered: true, version: '3', alias: 'challenger', message: 'registered churn version 3' },
      { kind: 'pipelineEnded', runId: 'p1', status: 'FAILED' },
    ];
    for (const event of events) assert.deepEqual(parseRunnerEvent(JSON.stringify(event)), event);
    assert.equal(parseRunnerEvent('{"kind":"stageStarted","stage":"train","runId":"r"}'), 'a stageStarted event with missing or mistyped fields');
  });
});

describe('a run tracker', () => {
  it('follows a run stage by stage: queued, cached, running, finished, and the progress line', () => {
    const tracker = new RunTracker();
    assert.equal(tracker.progressMessage, 'Starting…');
    tracker.apply(started);
    assert.deepEqual([...tracker.outcomes.values()].map((o) => o.kind), ['queued', 'queued', 'queued']);
    tracker.apply({ kind: 'stageSkipped', stage: 'prepare', runId: 'r1', cachedFrom: 'old' });
    assert.equal(tracker.progressMessage, 'Checking stages (1/3 done)');
    tracker.apply({ kind: 'stageStarted', stage: 'train', runId: 'r2', reasons: ['params changed: train.lr 0.5 → 0.25'] });
    assert.equal(tracker.progressMessage, 'Running train (2/3)');
    assert.equal(tracker.apply({ kind: 'output', stage: 'train', chunk: 'epoch 1\n' }), false);
    tracker.apply({ kind: 'stageEnded', stage: 'train', runId: 'r2', status: 'FINISHED', exitCode: 0, metrics: 2 });
    tracker.apply({ kind: 'stageStarted', stage: 'evaluate', runId: 'r3', reasons: ['deps changed: models/model.json'] });
    assert.equal(tracker.progressMessage, 'Running evaluate (3/3)');
    tracker.apply({ kind: 'stageEnded', stage: 'evaluate', runId: 'r3', status: 'FINISHED', exitCode: 0, metrics: 3 });
    tracker.apply({ kind: 'pipelineEnded', runId: 'p1', status: 'FINISHED' });
    assert.deepEqual(Object.fromEntries([...tracker.outcomes].map(([s, o]) => [s, o.kind])), { prepare: 'cached', train: 'finished', evaluate: 'finished' });
    assert.equal(tracker.runId, 'p1');
    assert.equal(tracker.status, 'FINISHED');
    assert.equal(tracker.progressMessage, 'Pipeline run finished');
    assert.deepEqual(tracker.failures, []);
  });

  it('keeps each gate\'s verdict and what registration did', () => {
    const tracker = new RunTracker();
    tracker.apply(started);
    const result = { gate: 'beats_champion', after: 'evaluate', runId: 'r3', passed: true, evaluatedAt: 1, requirements: [] };
    assert.equal(tracker.apply({ kind: 'gateChecked', gate: 'beats_champion', stage: 'evaluate', runId: 'r3', passed: true, result }), true);
    tracker.apply({ kind: 'registration', model: 'churn', registered: true, version: '2', alias: 'challenger', message: 'registered churn version 2' });
    assert.deepEqual([...tracker.gates], [['beats_champion', true]]);
    assert.deepEqual(tracker.registration, { model: 'churn', registered: true, version: '2', alias: 'challenger', message: 'registered churn version 2' });
  });

  it('counts parallel stages and names each one running', () => {
    const tracker = new RunTracker();
    tracker.apply({ kind: 'pipelineStarted', runId: 'p', stages: ['a', 'b', 'c', 'join'] });
    for (const stage of ['a', 'b', 'c']) tracker.apply({ kind: 'stageStarted', stage, runId: stage, reasons: ['never run'] });
    tracker.apply({ kind: 'stageEnded', stage: 'b', runId: 'b', status: 'FINISHED', exitCode: 0, metrics: 0 });
    assert.equal(tracker.progressMessage, 'Running a, c (3/4)');
  });

  it('records a failed and a killed stage with how they ended', () => {
    const tracker = new RunTracker();
    tracker.apply(started);
    tracker.apply({ kind: 'stageStarted', stage: 'prepare', runId: 'r1', reasons: ['never run'] });
    tracker.apply({ kind: 'stageEnded', stage: 'prepare', runId: 'r1', status: 'FAILED', exitCode: 2, metrics: 0 });
    tracker.apply({ kind: 'stageEnded', stage: 'train', runId: 'r2', status: 'KILLED', exitCode: null, metrics: 0 });
    tracker.apply({ kind: 'warning', stage: 'prepare', message: 'declared out data/prepared/ was not written' });
    assert.deepEqual(tracker.failures, [
      { stage: 'prepare', outcome: { kind: 'failed', exitCode: 2 } },
      { stage: 'train', outcome: { kind: 'killed' } },
    ]);
    assert.deepEqual(tracker.warnings, ['prepare: declared out data/prepared/ was not written']);
  });
});
