import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readLock } from '../../../src/core/store/lock';
import { churnCopy, cliPath } from '../../fixtures/pipelines';
import { call } from './serverHarness';

// `mlops serve` as a real process (dist/cli.js, built by `npm test`) over a store `mlops run` filled.

describe('mlops serve', () => {
  const churn = churnCopy();
  after(churn.cleanup);
  before(() => {
    const run = spawnSync(process.execPath, [cliPath, 'run'], { cwd: churn.dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  });

  it('serves the store on the port in the lock, with its token, and stops on SIGINT', async () => {
    const server = spawn(process.execPath, [cliPath, 'serve'], { cwd: churn.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    server.stdout.on('data', (c) => (out += c));
    server.stderr.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20000;
      while (!/Press Ctrl\+C/.test(out) && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 50));
      assert.match(out, /MLFLOW_TRACKING_URI=http:\/\/127\.0\.0\.1:\d+ MLFLOW_TRACKING_TOKEN=/, err);
      const lockFile = path.join(churn.dir, '.mlops', 'lock');
      const lock = readLock(lockFile)!;
      assert.equal(lock.pid, server.pid);
      assert.ok(lock.port && out.includes(`http://127.0.0.1:${lock.port}`));

      const refused = await call(lock.port, 'wrong', 'GET', 'experiments/search', undefined, {});
      assert.equal(refused.status, 401);
      const experiments = await call(lock.port, lock.token, 'GET', 'experiments/search', undefined, {});
      assert.equal(experiments.status, 200, experiments.text);
      const churnExperiment = experiments.json.experiments.find((e: any) => e.name === 'churn');
      assert.ok(churnExperiment, experiments.text);
      const runs = await call(lock.port, lock.token, 'POST', 'runs/search', { experiment_ids: [churnExperiment.experiment_id], filter: "tags.`mlops.stage` = 'evaluate'" }, {});
      assert.equal(runs.json.runs.length, 1, runs.text);
      assert.ok(runs.json.runs[0].data.metrics.some((m: any) => m.key === 'auc'));

      // The token hint printed for the user works as printed.
      const hint = /MLFLOW_TRACKING_TOKEN=\$\((.*)\)$/m.exec(out)![1];
      const token = spawnSync('sh', ['-c', hint], { encoding: 'utf8' }).stdout.trim();
      assert.equal(token, lock.token);

      server.kill('SIGINT');
      assert.equal(await exited, 0, err);
      assert.equal(existsSync(lockFile), false, 'the lock is released');
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
});
