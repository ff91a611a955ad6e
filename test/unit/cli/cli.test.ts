import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { churnCopy, cliPath, projectWith } from '../../fixtures/pipelines';

// The built CLI (dist/cli.js, `npm test` builds first) run as a real process, as a user runs it.

function mlops(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mlops on examples/churn', () => {
  const churn = churnCopy();
  after(churn.cleanup);
  let run: ReturnType<typeof mlops>;
  before(() => (run = mlops(churn.dir, 'run')));

  test('run executes prepare, train, evaluate in order and exits 0', () => {
    assert.equal(run.code, 0, run.err);
    const order = [...run.out.matchAll(/── (\w+) ──/g)].map((m) => m[1]);
    assert.deepEqual(order, ['prepare', 'train', 'evaluate']);
    assert.match(run.out, /evaluate\s+FINISHED\s+auc=0\.8\d+/);
    assert.ok(existsSync(path.join(churn.dir, 'models/model.json')));
  });

  test('runs --json: a pipeline run with a child run per stage, params and full metric histories', async () => {
    const listed = mlops(churn.dir, 'runs', '--json');
    assert.equal(listed.code, 0, listed.err);
    const runs = JSON.parse(listed.out) as { info: { runId: string; runName: string; status: string }; data: { tags: Record<string, string>; params: Record<string, string> } }[];
    const parent = runs.find((r) => r.data.tags['mlops.pipelineRun'] === 'true')!;
    const stages = runs.filter((r) => r.data.tags['mlflow.parentRunId'] === parent.info.runId);
    assert.deepEqual(stages.map((r) => r.data.tags['mlops.stage']).sort(), ['evaluate', 'prepare', 'train']);
    assert.ok(runs.every((r) => r.info.status === 'FINISHED'));
    const train = stages.find((r) => r.info.runName === 'train')!;
    assert.deepEqual(train.data.params, { 'train.epochs': '40', 'train.l2': '0.001', 'train.lr': '0.5' });
    const store = await openEmbeddedStore(path.join(churn.dir, '.mlops'), { readOnly: true });
    const loss = await store.getMetricHistory(train.info.runId, 'loss');
    const epochs = readFileSync(path.join(churn.dir, 'metrics/train_history.jsonl'), 'utf8').trim().split('\n').length;
    assert.equal(loss.values.length, epochs);
    assert.ok(loss.values[epochs - 1] < loss.values[0]);
    await store.close();
  });

  test('runs --filter uses MLflow search syntax; a bad filter exits 1 with the reason', () => {
    const good = mlops(churn.dir, 'runs', '--json', '--filter', "attributes.run_name = 'evaluate' AND metrics.auc > 0.8");
    assert.deepEqual((JSON.parse(good.out) as { info: { runName: string } }[]).map((r) => r.info.runName), ['evaluate']);
    const bad = mlops(churn.dir, 'runs', '--filter', 'metrics.auc >> 1');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /Unknown comparator '>>'/);
  });

  test('models lists the version the run registered; unknown commands and options are usage errors (exit 2)', () => {
    const models = JSON.parse(mlops(churn.dir, '--json', 'models').out) as { name: string; versions: { version: string; aliases: string[] }[] }[];
    assert.deepEqual(models.map((m) => [m.name, m.versions.map((v) => [v.version, v.aliases])]), [['churn', [['1', ['challenger']]]]]);
    assert.equal(mlops(churn.dir, 'frobnicate').code, 2);
    assert.equal(mlops(churn.dir, 'runs', '--colour').code, 2);
    assert.equal(mlops(churn.dir, 'validate', 'a.yaml', 'b.yaml').code, 2);
  });
});

test('a failing stage ends FAILED, its dependents do not run, and the CLI exits 1', () => {
  const p = projectWith({
    'mlops.yaml': 'version: 1\nexperiment: fails\nstages:\n  a: {cmd: "echo boom >&2; exit 3", outs: [a.txt]}\n  b: {cmd: "echo never", deps: [a.txt]}\n',
  });
  try {
    const r = mlops(p.dir, 'run', '--json');
    assert.equal(r.code, 1);
    const result = JSON.parse(r.out) as { status: string; stages: { stage: string; status: string; exitCode: number }[]; notRun: string[] };
    assert.equal(result.status, 'FAILED');
    assert.deepEqual(result.stages.map((s) => [s.stage, s.status, s.exitCode]), [['a', 'FAILED', 3]]);
    assert.deepEqual(result.notRun, ['b']);
    assert.match(r.err, /\[a\] boom/);
  } finally {
    p.cleanup();
  }
});

test('an invalid mlops.yaml is an error with its position, and nothing runs', () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: ""}\n' });
  try {
    const r = mlops(p.dir, 'run');
    assert.equal(r.code, 1);
    assert.match(r.err, /4:\d+: stage 'a' needs a non-empty `cmd`/);
    assert.ok(!existsSync(path.join(p.dir, '.mlops')));
  } finally {
    p.cleanup();
  }
});

test('while another process owns the store, run says which PID owns it', async () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\n' });
  const owner = await openEmbeddedStore(path.join(p.dir, '.mlops'));
  try {
    const r = mlops(p.dir, 'run');
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`owned by PID ${process.pid}`));
  } finally {
    await owner.close();
    p.cleanup();
  }
});

test('Ctrl-C cancels: the stage and its children are killed, the run ends KILLED', async () => {
  const p = projectWith({
    'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  slow: {cmd: "sleep 300 & echo $! > child.pid; wait", outs: [child.pid]}\n  after: {cmd: "true", deps: [child.pid]}\n',
  });
  try {
    const cli = spawn(process.execPath, [cliPath, 'run', '--json'], { cwd: p.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    cli.stdout.on('data', (d) => (out += d));
    const pidFile = path.join(p.dir, 'child.pid');
    for (let i = 0; i < 500 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 20));
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    cli.kill('SIGINT');
    const code = await new Promise((r) => cli.on('exit', r));
    assert.equal(code, 1);
    const result = JSON.parse(out) as { status: string; stages: { status: string }[]; notRun: string[] };
    assert.equal(result.status, 'KILLED');
    assert.equal(result.stages[0].status, 'KILLED');
    assert.deepEqual(result.notRun, ['after']);
    assert.ok(await gone(grandchild), 'the stage left an orphan process');
  } finally {
    p.cleanup();
  }
});

/** Whether a process has exited (or is a zombie awaiting its reaper) within two seconds. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return true;
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

test('a stage runs in its wdir with its env', () => {
  const p = projectWith({
    'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a:\n    cmd: echo "$GREETING from $(basename $PWD)"\n    wdir: sub\n    env: {GREETING: hello}\n',
    'sub/.keep': '',
  });
  try {
    const r = mlops(p.dir, 'run');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\[a\] hello from sub/);
  } finally {
    p.cleanup();
  }
});
