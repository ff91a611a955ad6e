import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { readLock } from '../../../src/core/store/lock';
import { churnCopy, cliPath, projectWith } from '../../fixtures/pipelines';

// A live owner that serves the store (`mlops serve`): other CLI processes reach the store through
// its server instead of failing on the lock, and everything they record lands in the owner's store.

function mlops(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Served {
  trackingUri: string;
  port: number;
  lockFile: string;
}

function serve(cwd: string): Promise<{ child: ChildProcess; served: Served }> {
  const child = spawn(process.execPath, [cliPath, '--json', 'serve', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.includes('trackingUri'));
      if (line) resolve({ child, served: JSON.parse(line) as Served });
    });
    child.once('exit', (code) => reject(new Error(`mlops serve exited ${code} before serving: ${err}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

const churn = churnCopy();
let server: { child: ChildProcess; served: Served };
before(async () => (server = await serve(churn.dir)));
after(() => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  churn.cleanup();
});

test('while mlops serve owns the store, run records through its server and runs lists through it', async () => {
  const lock = readLock(server.served.lockFile)!;
  assert.equal(lock.pid, server.child.pid);
  assert.equal(lock.port, server.served.port);

  const run = mlops(churn.dir, 'run', '--json');
  assert.equal(run.code, 0, run.err);
  const result = JSON.parse(run.out) as { runId: string; status: string; stages: { stage: string; runId: string; status: string; metrics: Record<string, number> }[] };
  assert.equal(result.status, 'FINISHED');
  assert.deepEqual(result.stages.map((s) => s.stage), ['prepare', 'train', 'evaluate']);
  assert.ok(result.stages.find((s) => s.stage === 'evaluate')!.metrics.auc > 0.8);

  const listed = mlops(churn.dir, 'runs', '--json');
  assert.equal(listed.code, 0, listed.err);
  const runs = JSON.parse(listed.out) as { info: { runId: string }; data: { tags: Record<string, string> } }[];
  assert.ok(runs.some((r) => r.info.runId === result.runId && r.data.tags['mlops.pipelineRun'] === 'true'));
  const stageRuns = runs.filter((r) => r.data.tags['mlflow.parentRunId'] === result.runId);
  assert.deepEqual(stageRuns.map((r) => r.data.tags['mlops.stage']).sort(), ['evaluate', 'prepare', 'train']);
  assert.equal(readLock(server.served.lockFile)?.pid, server.child.pid);

  server.child.kill('SIGINT');
  assert.equal(await exitCode(server.child), 0);
  assert.equal(readLock(server.served.lockFile), undefined);

  const store = await openEmbeddedStore(path.join(churn.dir, '.mlops'), { readOnly: true });
  try {
    const parent = await store.getRun(result.runId);
    assert.equal(parent.info.status, 'FINISHED');
    assert.equal(parent.data.tags['mlops.pipelineRun'], 'true');
    for (const stage of result.stages) {
      const child = await store.getRun(stage.runId);
      assert.equal(child.data.tags['mlflow.parentRunId'], result.runId);
      assert.equal(child.info.status, 'FINISHED');
      assert.equal(child.data.metrics.length, Object.keys(stage.metrics).length, `${stage.stage}'s metrics`);
      for (const [key, value] of Object.entries(stage.metrics)) {
        assert.equal(child.data.metrics.find((m) => m.key === key)?.value, value, `${stage.stage} ${key}`);
      }
    }
    const train = result.stages.find((s) => s.stage === 'train')!;
    assert.ok(Object.keys(train.metrics).length > 0);
    assert.ok((await store.getMetricHistory(train.runId, 'loss')).values.length > 1);
  } finally {
    await store.close();
  }
});

test('runs and models go to the server the lock names, with the lock\'s token', async () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\n' });
  const requests: string[] = [];
  const owner = createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    const body = req.url!.includes('experiments/search')
      ? { experiments: [{ experiment_id: '7', name: 'served', lifecycle_stage: 'active' }] }
      : req.url!.includes('runs/search') ? { runs: [] } : {};
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => owner.listen(0, '127.0.0.1', resolve));
  const port = (owner.address() as AddressInfo).port;
  try {
    mkdirSync(path.join(p.dir, '.mlops'));
    writeFileSync(path.join(p.dir, '.mlops/lock'), JSON.stringify({ pid: process.pid, host: hostname(), port, token: 'the-token', startedAt: Date.now() }), { mode: 0o600 });
    const runs = await mlopsAsync(p.dir, 'runs', '--json');
    assert.equal(runs.code, 0, runs.err);
    assert.deepEqual(JSON.parse(runs.out), []);
    assert.deepEqual(requests, ['POST /api/2.0/mlflow/experiments/search Bearer the-token', 'POST /api/2.0/mlflow/runs/search Bearer the-token']);
    requests.length = 0;
    const models = await mlopsAsync(p.dir, 'models', '--json');
    assert.equal(models.code, 0, models.err);
    assert.match(requests[0] ?? '', /registered-models\/search.* Bearer the-token$/);
  } finally {
    owner.close();
    p.cleanup();
  }
});

test('a live owner without a server (another mlops run) still refuses run with its PID', async () => {
  const p = projectWith({ 'mlops.yaml': 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "true"}\n' });
  const owner = await openEmbeddedStore(path.join(p.dir, '.mlops'));
  try {
    const r = await mlopsAsync(p.dir, 'run');
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`owned by PID ${process.pid}`));
  } finally {
    await owner.close();
    p.cleanup();
  }
});

/** Like mlops(), without blocking this process, which may be the one serving the child. */
function mlopsAsync(cwd: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}
