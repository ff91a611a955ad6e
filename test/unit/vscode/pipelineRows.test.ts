// The Pipeline view's rows: each stage's state from the status check, overlaid with what a run is
// doing or last did to it, with the reasons as description and tooltip.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageStatus } from '../../../src/core/pipeline/status';
import type { StageOutcome } from '../../../src/vscode/pipeline/runTracker';
import { stageRows, type StageRow } from '../../../src/vscode/pipeline/stageRows';

const file = '/w/churn/mlops.yaml';
const cmds = new Map([['prepare', 'python3 src/prepare.py'], ['train', 'python3 src/train.py'], ['evaluate', 'python3 src/evaluate.py']]);
const upToDate = (name: string): StageStatus => ({ name, state: 'up-to-date', reasons: [] });
const willRun = (name: string, ...reasons: string[]): StageStatus => ({ name, state: 'will-run', reasons });
const paramsChanged = [upToDate('prepare'), willRun('train', 'params changed: train.lr 0.5 → 0.25'), willRun('evaluate', 'upstream stage train will run')];
const view = (rows: StageRow[]) => rows.map((r) => [r.name, r.state, r.description, r.icon.id]);

describe('Pipeline view rows', () => {
  it('without a run: up to date, or will run with every reason, in execution order', () => {
    const rows = stageRows({ file, statuses: paramsChanged, cmds, running: false });
    assert.deepEqual(view(rows), [
      ['prepare', 'up-to-date', 'up to date', 'pass'],
      ['train', 'will-run', 'will run: params changed: train.lr 0.5 → 0.25', 'circle-large-outline'],
      ['evaluate', 'will-run', 'will run: upstream stage train will run', 'circle-large-outline'],
    ]);
    assert.equal(rows[1]!.tooltip, 'train: will run: params changed: train.lr 0.5 → 0.25\n• params changed: train.lr 0.5 → 0.25\ncmd: python3 src/train.py');
    assert.equal(rows[0]!.tooltip, 'prepare: up to date\ncmd: python3 src/prepare.py');
    assert.ok(rows.every((r) => r.kind === 'stage' && r.file === file));
    assert.equal(rows[0]!.icon.color, 'testing.iconPassed');
  });

  it('lists two reasons apart in the tooltip and together in the description', () => {
    const [row] = stageRows({ file, statuses: [willRun('train', 'cmd changed', 'deps changed: src/train.py')], cmds, running: false });
    assert.equal(row!.description, 'will run: cmd changed; deps changed: src/train.py');
    assert.match(row!.tooltip, /\n• cmd changed\n• deps changed: src\/train\.py\n/);
  });

  it('while a run goes on: cached, running with why, queued', () => {
    const outcomes = new Map<string, StageOutcome>([
      ['prepare', { kind: 'cached', cachedFrom: 'run-0' }],
      ['train', { kind: 'running', reasons: ['params changed: train.lr 0.5 → 0.25'] }],
      ['evaluate', { kind: 'queued' }],
    ]);
    const rows = stageRows({ file, statuses: paramsChanged, cmds, outcomes, running: true });
    assert.deepEqual(view(rows), [
      ['prepare', 'cached', 'cached: up to date, outputs reused', 'pass'],
      ['train', 'running', 'running: params changed: train.lr 0.5 → 0.25', 'loading~spin'],
      ['evaluate', 'queued', 'queued · will run: upstream stage train will run', 'clock'],
    ]);
    assert.match(rows[0]!.tooltip, /outputs of run run-0/);
  });

  it('a stage that finished in the run shows what the status check says now', () => {
    const outcomes = new Map<string, StageOutcome>([['train', { kind: 'finished' }]]);
    const rows = stageRows({ file, statuses: [upToDate('prepare'), upToDate('train'), willRun('evaluate', 'deps changed: models/model.json')], cmds, outcomes, running: true });
    assert.deepEqual(rows.map((r) => r.state), ['up-to-date', 'up-to-date', 'will-run']);
  });

  it('after a run: a failed or cancelled stage says so while it would still run, then goes back to the status', () => {
    const outcomes = new Map<string, StageOutcome>([['train', { kind: 'failed', exitCode: 1 }], ['evaluate', { kind: 'killed' }]]);
    const after = stageRows({ file, statuses: [upToDate('prepare'), willRun('train', 'never run'), willRun('evaluate', 'never run')], cmds, outcomes, running: false });
    assert.deepEqual(view(after).slice(1), [
      ['train', 'failed', 'failed (exit code 1) · will run: never run', 'error'],
      ['evaluate', 'killed', 'cancelled · will run: never run', 'circle-slash'],
    ]);
    assert.equal(after[1]!.icon.color, 'testing.iconFailed');
    const fixed = stageRows({ file, statuses: [upToDate('prepare'), upToDate('train'), willRun('evaluate', 'never run')], cmds, outcomes, running: false });
    assert.equal(fixed[1]!.state, 'up-to-date');
  });

  it('a failure without an exit code (the command could not start) names none', () => {
    const [row] = stageRows({ file, statuses: [willRun('train', 'never run')], cmds, outcomes: new Map([['train', { kind: 'failed', exitCode: null }]]), running: false });
    assert.equal(row!.description, 'failed · will run: never run');
  });
});
