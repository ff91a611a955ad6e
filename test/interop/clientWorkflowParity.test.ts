import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readLock } from '../../src/core/store/lock';
import { cliPath } from '../fixtures/pipelines';
import { copyClientWorkflow, runClientWorkflow } from './clientWorkflowAnswers';
import { assertSameFields } from './fieldDiff';
import { startMlflowServer, type MlflowServer } from './mlflowServer';

// The real mlflow client's whole workflow (clientWorkflow.py: tracking, a pandas dataset input,
// sklearn.log_model with registered_model_name, aliases, stages, search, histories, load by alias
// and predict) against `mlops serve` and against a real `mlflow server` (file artifact root, as
// ours): both must succeed, and their answers must agree field by field, ids and times aside.

describe('the mlflow client workflow: mlops serve answers as mlflow server does', () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'mlops-workflow-'));
  const storeDir = path.join(dir, 'ours', '.mlops');
  let serve: ChildProcess;
  let serveExited: Promise<number | null>;
  let mlflow: MlflowServer;
  before(async () => {
    fs.mkdirSync(path.dirname(storeDir), { recursive: true });
    let out = '';
    serve = spawn(process.execPath, [cliPath, 'serve', '--store', storeDir], { cwd: path.dirname(storeDir), stdio: ['ignore', 'pipe', 'inherit'] });
    serve.stdout!.on('data', (c) => (out += c));
    serveExited = new Promise((resolve) => serve.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!/Press Ctrl\+C/.test(out) && Date.now() < deadline && serve.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    fs.mkdirSync(path.join(dir, 'theirs', 'artifacts'), { recursive: true });
    mlflow = await startMlflowServer(path.join(dir, 'theirs', 'mlflow.db'), path.join(dir, 'theirs', 'artifacts'));
  });
  after(async () => {
    if (serve.exitCode === null) serve.kill('SIGKILL');
    await mlflow?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs, registers, promotes, searches and predicts alike on both servers', async () => {
    const lock = readLock(path.join(storeDir, 'lock'));
    assert.ok(lock?.port, 'mlops serve wrote no port into its lock');
    const script = copyClientWorkflow(dir);
    const ours = runClientWorkflow({ url: `http://127.0.0.1:${lock.port}`, token: lock.token, script, artifactRoot: pathToFileURL(path.join(storeDir, 'artifacts')).href });
    const theirs = runClientWorkflow({ url: mlflow.url, script, artifactRoot: pathToFileURL(path.join(dir, 'theirs', 'artifacts')).href });

    // What the workflow must have done, so that two equal failures cannot pass.
    assert.deepEqual(theirs.prediction, [1, 1, 1, 0, 0, 0, 1, 0]);
    assert.deepEqual((theirs.found as { info: { run_name: string } }[]).map((r) => r.info.run_name), ['tuned', 'wide']);
    assert.deepEqual((theirs.champion as { version: string; aliases: string[] }).aliases, ['champion']);
    assertSameFields(ours, theirs, 'answers', 'mlflow server');

    serve.kill('SIGINT');
    assert.equal(await serveExited, 0);
  });
});
