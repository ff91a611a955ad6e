// `mlops models promote|rollback|history`, the built CLI as a real process, on a project whose
// mlops.yaml protects `champion` and Production with the gate beats_champion; and the same against
// an MLflow server URL (our server over the store, reached with --store URL and a token).
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startMlflowServer, type RunningMlflowServer } from '../../../src/core/mlflow/server/httpServer';
import { cliPath, projectWith } from '../../fixtures/pipelines';
import { addVersion, openSeededStore, type SeededStore } from '../../fixtures/registry/registrySeed';

const config = `version: 1
experiment: churn
stages:
  train: {cmd: "echo train", outs: [models/model.json]}
  evaluate: {cmd: "echo evaluate", deps: [models/model.json]}
gates:
  beats_champion:
    after: evaluate
    require:
      - {metric: auc, op: ">=", baseline: "models:/churn@champion", margin: 0.005}
register:
  model: churn
  artifact: models/model.json
  when: [beats_champion]
protect:
  aliases:
    champion: [beats_champion]
  stages:
    Production: [beats_champion]
`;

function mlops(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Async: the MLflow server answering it lives in this process. */
function mlopsAsync(cwd: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('mlops models promote, rollback, history', () => {
  const project = projectWith({ 'mlops.yaml': config });
  after(project.cleanup);
  before(async () => {
    // Who acts, as the audit trail records it: the repository's git user.
    execFileSync('git', ['init', '-q', project.dir]);
    execFileSync('git', ['-C', project.dir, 'config', 'user.name', 'Ada Lovelace']);
    execFileSync('git', ['-C', project.dir, 'config', 'user.email', 'ada@example.com']);
    const seeded = await openSeededStore(path.join(project.dir, '.mlops'));
    await addVersion(seeded.store, 1, { auc: 0.81 });
    await addVersion(seeded.store, 2, { auc: 0.7 });
    await addVersion(seeded.store, 3, { auc: 0.83 });
    await seeded.close();
  });

  test('a version whose gate failed cannot become champion: exit 1, naming the gate and why', () => {
    const r = mlops(project.dir, 'models', 'promote', 'churn', '2', '--alias', 'champion', '--reason', 'try');
    assert.equal(r.code, 1, r.out);
    assert.match(r.err, /^mlops: Version 2 of 'churn' cannot receive alias 'champion': gate 'beats_champion' failed: auc 0\.7 is not >= 0\.805/);
    assert.doesNotMatch(r.err, /at \w+ \(/, 'no stack trace');
    const blocked = mlops(project.dir, '--json', 'models', 'promote', 'churn', '2', '--stage', 'Production');
    assert.equal(blocked.code, 1);
    const outcome = JSON.parse(blocked.out) as { status: string; verdict: { gates: { gate: string; passed: boolean }[] } };
    assert.deepEqual([outcome.status, outcome.verdict.gates.map((g) => [g.gate, g.passed])], ['blocked', [['beats_champion', false]]]);
  });

  test('versions whose gate passed are promoted with the reason; rollback restores the previous holder', () => {
    const first = mlops(project.dir, 'models', 'promote', 'churn', '1', '--alias', 'champion', '--reason', 'first champion');
    assert.deepEqual([first.code, first.out.trim()], [0, "Version 1 of 'churn' now holds alias 'champion'."]);
    const second = mlops(project.dir, 'models', 'promote', 'churn', '3', '--alias=champion', '--reason', 'auc 0.83');
    assert.equal(second.out.trim(), "Version 3 of 'churn' now holds alias 'champion' (moved from version 1).");
    const staged = mlops(project.dir, 'models', 'promote', 'churn', '3', '--stage', 'production');
    assert.equal(staged.out.trim(), "Version 3 of 'churn' moved from stage None to Production.");

    const back = mlops(project.dir, 'models', 'rollback', 'churn', '--alias', 'champion', '--reason', 'latency');
    assert.deepEqual([back.code, back.out.trim()], [0, "Alias 'champion' of 'churn' rolled back from version 3 to version 1."]);
    const listed = JSON.parse(mlops(project.dir, '--json', 'models').out) as { aliases: Record<string, string> }[];
    assert.deepEqual(listed[0]!.aliases, { champion: '1' });
  });

  test('history --json lists who, when, from, to, why, run and commit, oldest first; the table reads the same', () => {
    const r = mlops(project.dir, 'models', 'history', 'churn', '--json');
    assert.equal(r.code, 0, r.err);
    const entries = JSON.parse(r.out) as { action: string; from: string | null; to: string; reason: string | null; actor: string; time: string; runId: string; gitCommit: string; change: string }[];
    assert.deepEqual(entries.map((e) => [e.change, e.reason]), [
      ['@champion v1', 'first champion'],
      ['@champion v1 → v3', 'auc 0.83'],
      ['v3 None → Production', null],
      ['@champion rolled back v3 → v1', 'latency'],
    ]);
    assert.ok(entries.every((e) => e.actor === 'Ada Lovelace <ada@example.com>' && /^\d{4}-\d\d-\d\dT/.test(e.time) && /^[0-9a-f]{32}$/.test(e.runId)), JSON.stringify(entries[0]));
    assert.equal(entries[0]!.gitCommit, '1'.repeat(40));
    const text = mlops(project.dir, 'models', 'history', 'churn');
    assert.match(text.out, /^time \(UTC\)\s+who\s+change\s+why\s+run\s+commit\n/);
    assert.match(text.out, /Ada Lovelace <ada@example\.com>\s+@champion rolled back v3 → v1\s+latency\s+[0-9a-f]{8}\s*$/m);
  });

  test('bad input: usage errors exit 2, unknown versions and models exit 1 with the reason', () => {
    assert.equal(mlops(project.dir, 'models', 'promote', 'churn', '1', '--alias', 'a', '--stage', 'Staging').code, 2);
    assert.equal(mlops(project.dir, 'models', 'promote', 'churn', '--alias', 'a').code, 2);
    assert.equal(mlops(project.dir, 'models', 'rollback', 'churn').code, 2);
    assert.equal(mlops(project.dir, 'models', 'frobnicate').code, 2);
    const missing = mlops(project.dir, 'models', 'promote', 'churn', '7', '--alias', 'champion');
    assert.deepEqual([missing.code, missing.err.trim()], [1, "mlops: Version 7 of 'churn' does not exist."]);
    const noModel = mlops(project.dir, 'models', 'history', 'fraud');
    assert.deepEqual([noModel.code, noModel.err.trim()], [1, "mlops: Registered model 'fraud' does not exist."]);
    const nothing = mlops(project.dir, 'models', 'rollback', 'churn', '--alias', 'shadow');
    assert.equal(nothing.code, 1);
    assert.match(nothing.err, /its audit trail records no earlier holder/);
  });
});

describe('mlops models against an MLflow server URL', () => {
  let seeded: SeededStore;
  let server: RunningMlflowServer;
  const project = projectWith({ 'mlops.yaml': config });
  after(async () => {
    await server?.close();
    await seeded?.close();
    project.cleanup();
  });
  before(async () => {
    seeded = await openSeededStore();
    await addVersion(seeded.store, 1, { auc: 0.81 });
    await addVersion(seeded.store, 2, { auc: 0.7 });
    server = await startMlflowServer({ store: seeded.store, token: seeded.store.token, artifactRoot: path.join(seeded.dir, 'artifacts') });
  });

  test('promotes under the same protection, rolls back, and keeps the history in the model tags', async () => {
    const url = `http://127.0.0.1:${server.port}`;
    const env = { MLFLOW_TRACKING_TOKEN: seeded.store.token };
    const blocked = await mlopsAsync(project.dir, env, '--store', url, 'models', 'promote', 'churn', '2', '--alias', 'champion');
    assert.equal(blocked.code, 1, blocked.out);
    assert.match(blocked.err, /gate 'beats_champion' failed/);
    for (const version of ['1', '2']) {
      const alias = version === '1' ? 'champion' : 'shadow';
      const r = await mlopsAsync(project.dir, env, '--store', url, 'models', 'promote', 'churn', version, '--alias', alias, '--reason', `r${version}`);
      assert.equal(r.code, 0, r.err);
    }
    const moved = await mlopsAsync(project.dir, env, '--store', url, 'models', 'promote', 'churn', '2', '--alias', 'shadow');
    assert.match(moved.out, /already holds alias 'shadow'/);
    const history = await mlopsAsync(project.dir, env, '--store', url, '--json', 'models', 'history', 'churn');
    assert.deepEqual((JSON.parse(history.out) as { change: string }[]).map((e) => e.change), ['@champion v1', '@shadow v2']);
    assert.ok((await seeded.store.getRegisteredModel('churn')).tags['mlops.audit'], 'kept in the model tag');
  });
});
