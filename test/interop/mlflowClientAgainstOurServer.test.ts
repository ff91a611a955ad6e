import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openEmbeddedStore } from '../../src/core/store/embeddedStore';
import { readLock } from '../../src/core/store/lock';
import { cliPath } from '../fixtures/pipelines';
import { mlflowEnv, mlflowVenv } from './mlflowVenv';

// The real mlflow Python client (the pinned version) logs into `mlops serve` and reads back what it
// logged: experiments, runs, params, tags, metric steps, a filtered and ordered search, a history.

describe('the mlflow client against mlops serve', () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'mlops-client-'));
  const storeDir = path.join(dir, '.mlops');
  let server: ReturnType<typeof spawn>;
  let exited: Promise<number | null>;
  let out = '';
  before(async () => {
    server = spawn(process.execPath, [cliPath, 'serve', '--store', storeDir], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    server.stdout!.on('data', (c) => (out += c));
    exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20000;
    while (!/Press Ctrl\+C/.test(out) && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  });
  after(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs params, metrics with steps and tags, then searches and reads histories', async () => {
    const lock = readLock(path.join(storeDir, 'lock'))!;
    assert.ok(lock?.port, out);
    const result = spawnSync(mlflowVenv().python, [path.join(__dirname, 'logWithClient.py')], {
      env: { ...mlflowEnv(), MLFLOW_TRACKING_URI: `http://127.0.0.1:${lock.port}`, MLFLOW_TRACKING_TOKEN: lock.token, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    assert.equal(result.status, 0, result.stderr.slice(-4000));
    const got = JSON.parse(result.stdout.trim().split('\n').pop()!);
    assert.deepEqual(got.found, [
      { name: 'first', auc: 0.91, status: 'FINISHED' },
      { name: 'third', auc: 0.6, status: 'FINISHED' },
    ]);
    assert.deepEqual(got.history, [1, 2, 3, 4, 5].map((n, step) => ({ step, value: 1 / n })));
    assert.deepEqual(got.params, { lr: '0.1', depth: '4', kernel: 'rbf' });
    assert.deepEqual(got.tags, { team: 'ml' });
    assert.deepEqual(got.metrics, { loss: 0.2, auc: 0.91, odd: 'NaN' });

    server.kill('SIGINT');
    assert.equal(await exited, 0);
    const store = await openEmbeddedStore(storeDir, { readOnly: true });
    try {
      const run = await store.getRun(got.second);
      assert.deepEqual([run.info.runName, run.info.status, run.data.params.lr], ['second', 'FINISHED', '0.2']);
    } finally {
      await store.close();
    }
  });
});
