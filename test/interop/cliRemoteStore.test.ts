import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RestStore } from '../../src/core/mlflow/client/restStore';
import { cliPath } from '../fixtures/pipelines';
import { startMlflowServer, type MlflowServer } from './mlflowServer';

// `mlops --store http://...` (the built CLI, as a user runs it) reading a real MLflow server.

function mlops(cwd: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, MLFLOW_TRACKING_TOKEN: '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('mlops runs and models with --store pointing at a real MLflow server', () => {
  let root: string;
  let server: MlflowServer;
  let runIds: string[];

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'mlops-cli-remote-'));
    server = await startMlflowServer(path.join(root, 'mlflow.db'), path.join(root, 'artifacts'));
    const store = new RestStore({ url: server.url });
    const experimentId = await store.createExperiment('churn-remote');
    runIds = [];
    for (const [i, auc] of [0.71, 0.88].entries()) {
      const { runId } = await store.createRun({ experimentId, runName: `train-${i}` });
      await store.logBatch(runId, { params: [{ key: 'lr', value: String(0.1 * (i + 1)) }], metrics: [{ key: 'auc', value: auc, timestamp: Date.now(), step: 0 }] });
      runIds.push(runId);
    }
    await store.createRegisteredModel('churn');
    await store.createModelVersion({ name: 'churn', source: `runs:/${runIds[1]}/model`, runId: runIds[1] });
    await store.setRegisteredModelAlias('churn', 'champion', '1');
  });
  after(async () => {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('runs --json lists the server\'s runs, with filter and order', async () => {
    const all = await mlops(root, '--store', server.url, 'runs', '--experiment', 'churn-remote', '--order-by', 'metrics.auc DESC', '--json');
    assert.equal(all.code, 0, all.err);
    const runs = JSON.parse(all.out) as { info: { runId: string; runName: string }; data: { params: Record<string, string>; metrics: { key: string; value: number }[] } }[];
    assert.deepEqual(runs.map((r) => r.info.runName), ['train-1', 'train-0']);
    assert.deepEqual(runs.map((r) => r.info.runId), [runIds[1], runIds[0]]);
    assert.deepEqual(runs[0].data.metrics.map((m) => [m.key, m.value]), [['auc', 0.88]]);
    const filtered = await mlops(root, 'runs', '--store', server.url, '--filter', 'metrics.auc < 0.8', '--json');
    assert.equal(filtered.code, 0, filtered.err);
    assert.deepEqual((JSON.parse(filtered.out) as { info: { runName: string } }[]).map((r) => r.info.runName), ['train-0']);
  });

  test('runs prints a table; models lists versions with aliases', async () => {
    const table = await mlops(root, '--store', server.url, 'runs');
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /churn-remote\s+train-1\s+RUNNING/);
    const models = await mlops(root, '--store', server.url, 'models');
    assert.equal(models.code, 0, models.err);
    assert.match(models.out, /churn\s+1\s+@champion\s+None/);
  });

  test('mlops run refuses a URL (usage, exit 2); an unreachable server exits 1 with a clear message', async () => {
    writeFileSync(path.join(root, 'mlops.yaml'), 'version: 1\nexperiment: churn-remote\nstages:\n  hello:\n    cmd: echo hello\n');
    const run = await mlops(root, '--store', server.url, 'run');
    assert.equal(run.code, 2);
    assert.match(run.err, /writes to the embedded store and cannot use a remote MLflow server/);
    const port = await closedPort();
    const unreachable = await mlops(root, '--store', `http://127.0.0.1:${port}`, 'runs');
    assert.equal(unreachable.code, 1);
    assert.equal(unreachable.err.trim(), `mlops: Cannot reach the MLflow server at http://127.0.0.1:${port} (connection refused).`);
  });
});

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
