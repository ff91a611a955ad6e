import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { churnCopy, cliPath, logMetricScript, projectWith } from '../../fixtures/pipelines';

// `mlops status`, `mlops run --dry-run` and skipping up-to-date stages, with the built CLI as a
// user runs it; and the stage environment pointing at the store's server.

function mlops(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface StatusJson {
  stages: { name: string; state: string; reasons: string[]; cmd?: string }[];
}
interface RunJson {
  status: string;
  stages: { stage: string; runId: string; status: string; reasons: string[]; cachedFrom?: string; metrics: Record<string, number> }[];
}

const states = (json: StatusJson) => Object.fromEntries(json.stages.map((s) => [s.name, s.state === 'up-to-date' ? 'up to date' : s.reasons.join('; ')]));

describe('examples/churn: run, run again, change a param', () => {
  const churn = churnCopy();
  after(churn.cleanup);
  let first: RunJson;
  before(() => {
    const r = mlops(churn.dir, 'run', '--json');
    assert.equal(r.code, 0, r.err);
    first = JSON.parse(r.out) as RunJson;
  });

  test('the first run ran every stage because it never ran', () => {
    assert.deepEqual(first.stages.map((s) => [s.stage, s.reasons]), [['prepare', ['never run']], ['train', ['never run']], ['evaluate', ['never run']]]);
  });

  test('status says every stage is up to date; a second run skips them all, pointing at the first', () => {
    const status = mlops(churn.dir, 'status', '--json');
    assert.equal(status.code, 0, status.err);
    assert.deepEqual(states(JSON.parse(status.out) as StatusJson), { prepare: 'up to date', train: 'up to date', evaluate: 'up to date' });
    const second = mlops(churn.dir, 'run', '--json');
    assert.equal(second.code, 0, second.err);
    const result = JSON.parse(second.out) as RunJson;
    assert.deepEqual(result.stages.map((s) => [s.stage, s.cachedFrom]), first.stages.map((s) => [s.stage, s.runId]));
    assert.ok(result.stages.find((s) => s.stage === 'evaluate')!.metrics.auc > 0.8, 'a cached stage carries the metrics of the run it reused');
    assert.doesNotMatch(second.err, /\[(prepare|train|evaluate)\]/, 'no stage printed anything');
  });

  test('a changed param: status and --dry-run say why; the run re-runs from train, prepare stays cached', () => {
    const params = path.join(churn.dir, 'params.yaml');
    writeFileSync(params, readFileSync(params, 'utf8').replace(/lr: 0\.5/, 'lr: 0.25'));
    const text = mlops(churn.dir, 'status');
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /prepare\s+up to date/);
    assert.match(text.out, /train\s+will run\s+params changed: train\.lr 0\.5 → 0\.25/);
    assert.match(text.out, /evaluate\s+will run\s+upstream stage train will run/);
    const dry = JSON.parse(mlops(churn.dir, 'run', '--dry-run', '--json').out) as StatusJson;
    assert.equal(dry.stages.find((s) => s.name === 'train')!.cmd, 'python3 src/train.py');
    assert.deepEqual(states(dry), states(JSON.parse(mlops(churn.dir, 'status', '--json').out) as StatusJson));
    const forced = JSON.parse(mlops(churn.dir, 'run', '--dry-run', '--force', '--json').out) as StatusJson;
    assert.deepEqual(states(forced), { prepare: 'forced', train: 'forced', evaluate: 'forced' });

    const rerun = mlops(churn.dir, 'run', '--json');
    assert.equal(rerun.code, 0, rerun.err);
    const result = JSON.parse(rerun.out) as RunJson;
    assert.deepEqual(result.stages.map((s) => [s.stage, s.cachedFrom ? 'cached' : s.reasons.join('; ')]), [
      ['prepare', 'cached'],
      ['train', 'params changed: train.lr 0.5 → 0.25'],
      ['evaluate', 'deps changed: models/model.json'],
    ]);
  });
});

test('--jobs must be a whole number of at least 1', () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\n' });
  try {
    const r = mlops(p.dir, 'run', '--jobs', '0');
    assert.equal(r.code, 2);
    assert.match(r.err, /--jobs 0: give a whole number/);
    assert.ok(!existsSync(path.join(p.dir, '.mlops/mlflow.db')));
  } finally {
    p.cleanup();
  }
});

const lockPortScript = `import json, os
lock = json.load(open(".mlops/lock"))
print("lock port matches:", os.environ["MLFLOW_TRACKING_URI"] == "http://127.0.0.1:%d" % lock["port"])
`;

test('mlops run serves the store while it runs: stages log into their runs, the lock names the port', () => {
  const p = projectWith({
    'mlops.yaml': 'version: 1\nexperiment: env\nstages:\n  train: {cmd: python3 log.py && python3 lock.py}\n',
    'log.py': logMetricScript,
    'lock.py': lockPortScript,
  });
  try {
    const r = mlops(p.dir, 'run', '--json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual((JSON.parse(r.out) as RunJson).stages[0].metrics, { from_stage: 42 });
    assert.match(r.err, /\[train\] lock port matches: True/);
  } finally {
    p.cleanup();
  }
});

test('through a live owner (mlops serve): stages log into the owner, and the second run is cached from stages.json', async () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: env\nstages:\n  train: {cmd: python3 log.py, deps: [log.py]}\n', 'log.py': logMetricScript });
  const server: ChildProcess = spawn(process.execPath, [cliPath, '--json', 'serve'], { cwd: p.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => String(d).includes('trackingUri') && resolve());
      server.once('exit', (code) => reject(new Error(`mlops serve exited ${code}`)));
    });
    const first = await mlopsAsync(p.dir, 'run', '--json');
    assert.equal(first.code, 0, first.err);
    const ran = JSON.parse(first.out) as RunJson;
    assert.deepEqual(ran.stages[0].metrics, { from_stage: 42 });
    assert.ok(existsSync(path.join(p.dir, '.mlops/stages.json')));
    const second = await mlopsAsync(p.dir, 'run', '--json');
    assert.equal(second.code, 0, second.err);
    assert.equal((JSON.parse(second.out) as RunJson).stages[0].cachedFrom, ran.stages[0].runId);
  } finally {
    server.kill('SIGINT');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    p.cleanup();
  }
});

/** The CLI without blocking this process's event loop (spawnSync would stall a server run here). */
function mlopsAsync(cwd: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
