import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { cliPath } from '../../fixtures/pipelines';
import { digestOf, fixtures } from './scenario';

// `mlops --store PATH` on existing MLflow data, run as a real process (dist/cli.js; `npm test` builds first).

const tmp = mkdtempSync(path.join(tmpdir(), 'mlops-cli-data-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function mlops(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: tmp, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const db = path.join(fixtures, 'mlflow-3.14.0.db');
const mlruns = path.join(fixtures, 'mlruns');

describe('mlops runs and models read existing MLflow data', () => {
  const before = { db: digestOf(db), mlruns: digestOf(mlruns) };
  after(() => assert.deepEqual({ db: digestOf(db), mlruns: digestOf(mlruns) }, before, 'the fixtures are byte for byte what they were'));

  for (const [kind, store] of [['an mlflow.db of MLflow 3.14', db], ['an mlruns tree', mlruns]]) {
    test(`runs --store <${kind}>: the active runs, filtered with MLflow's search syntax`, () => {
      const all = mlops('--store', store, 'runs', '--json');
      assert.equal(all.code, 0, all.err);
      const names = (JSON.parse(all.out) as { info: { runName: string } }[]).map((r) => r.info.runName).sort();
      assert.deepEqual(names, ['baseline', 'crashed', 'evaluate', 'tuned']);

      const good = mlops('--store', store, 'runs', '--experiment', 'churn', '--filter', "metrics.auc > 0.85 AND params.lr = '0.05'", '--json');
      assert.equal(good.code, 0, good.err);
      assert.deepEqual((JSON.parse(good.out) as { info: { runName: string } }[]).map((r) => r.info.runName), ['tuned']);

      const table = mlops('--store', store, 'runs', '--experiment', 'churn');
      assert.equal(table.code, 0, table.err);
      assert.match(table.out, /tuned\s+FINISHED/);
    });

    test(`models --store <${kind}>: versions with aliases and stages, the deleted version left out`, () => {
      const r = mlops('--json', '--store', store, 'models');
      assert.equal(r.code, 0, r.err);
      const models = JSON.parse(r.out) as { name: string; aliases: Record<string, string>; versions: { version: string; aliases: string[]; currentStage: string }[] }[];
      assert.deepEqual(models.map((m) => m.name), ['churn', 'empty-model']);
      assert.deepEqual(models[0].aliases, { champion: '2', previous: '1' });
      assert.deepEqual(models[0].versions.map((v) => [v.version, v.aliases, v.currentStage]), [['2', ['champion'], 'Production'], ['1', ['previous'], 'Archived']]);
    });
  }

  test('a folder holding mlflow.db is read as that file', () => {
    const dir = mkdtempSync(path.join(tmp, 'project-'));
    copyFileSync(db, path.join(dir, 'mlflow.db'));
    const r = mlops('--store', dir, 'models');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /churn\s+2\s+@champion\s+Production/);
  });

  test('a writing command on MLflow data is a usage error (exit 2) that says why', () => {
    const project = mkdtempSync(path.join(tmp, 'pipeline-'));
    writeFileSync(path.join(project, 'mlops.yaml'), 'version: 1\nexperiment: x\nstages:\n  a: {cmd: "echo hi"}\n');
    const run = spawnSync(process.execPath, [cliPath, '--store', db, 'run'], { cwd: project, encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /existing MLflow data \(an mlflow\.db, an mlruns\/ tree\) opens read-only; `mlops runs` and `mlops models` read it\. This command needs a store folder/);
    const serve = mlops('--store', mlruns, 'serve');
    assert.equal(serve.code, 2, serve.err);
    assert.match(serve.err, /mlruns: existing MLflow data .* opens read-only/);
  });

  test('data this version cannot read: exit 1 with the reason, no stack trace', () => {
    const text = path.join(tmp, 'notes.db');
    writeFileSync(text, 'hello\n');
    const r = mlops('--store', text, 'runs');
    assert.equal(r.code, 1);
    assert.match(r.err, /^mlops: .*notes\.db is not an SQLite database/);
    assert.doesNotMatch(r.err, /\n\s+at /);

    const missing = mlops('--store', path.join(tmp, 'typo.db'), 'runs', '--json');
    assert.equal(missing.code, 1);
    assert.equal(JSON.parse(missing.err).error, 'MlflowDataError');
    assert.match(JSON.parse(missing.err).message, /typo\.db does not exist/);
  });
});
