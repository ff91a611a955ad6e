import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { cliPath, projectWith } from '../../fixtures/pipelines';

// A warm `mlops status` with the built CLI reads neither mlops.yaml's YAML (the config remembered in
// .mlops/config.json) nor the store (the ledger's ends in ledger-ends.json) while they are unchanged;
// each answer must be the one it gives without them (the files removed).

const p = projectWith({
  'mlops.yaml': 'version: 1\nexperiment: shortcuts\nstages:\n  prepare:\n    cmd: cp raw.txt prepared.txt\n    deps: [raw.txt]\n    outs: [prepared.txt]\n  train:\n    cmd: cat prepared.txt > model.txt\n    deps: [prepared.txt]\n    params: [lr]\n    outs: [model.txt]\n',
  'params.yaml': 'lr: 0.1\n',
  'raw.txt': 'raw\n',
});
const file = (name: string) => path.join(p.dir, name);
after(p.cleanup);

function mlops(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: p.dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr.replace(/\(node:\d+\)/g, '(node)') };
}

/** The store's files as if last written a minute ago, so their stamps are trusted. */
function settleStore(): void {
  const past = new Date(Date.now() - 60_000);
  for (const name of ['mlflow.db', 'journal']) if (existsSync(file(`.mlops/${name}`))) utimesSync(file(`.mlops/${name}`), past, past);
}

/** Status twice (the first may write the shortcuts), then without them: all three the same. */
function status(): { code: number | null; out: string; err: string } {
  const first = mlops('status', '--json');
  const warm = mlops('status', '--json');
  rmSync(file('.mlops/config.json'), { force: true });
  rmSync(file('.mlops/ledger-ends.json'), { force: true });
  const cold = mlops('status', '--json');
  assert.deepEqual(warm, first);
  assert.deepEqual(warm, cold, 'with and without the remembered config and ledger ends');
  mlops('status', '--json'); // leaves them written for the next check
  return warm;
}

const reasons = (r: { out: string }) => Object.fromEntries((JSON.parse(r.out) as { stages: { name: string; reasons: string[] }[] }).stages.map((s) => [s.name, s.reasons]));

before(() => {
  const run = mlops('run', '--json');
  assert.equal(run.code, 0, run.err);
  settleStore();
});

test('after a run: up to date, and both shortcuts are written', () => {
  assert.deepEqual(reasons(status()), { prepare: [], train: [] });
  assert.ok(existsSync(file('.mlops/config.json')));
  assert.ok(existsSync(file('.mlops/ledger-ends.json')));
});

test('an edited mlops.yaml or params file is read again', () => {
  const yaml = readFileSync(file('mlops.yaml'), 'utf8');
  writeFileSync(file('mlops.yaml'), yaml.replace('cat prepared.txt > model.txt', 'cat prepared.txt prepared.txt > model.txt'));
  assert.deepEqual(reasons(status()), { prepare: [], train: ['cmd changed'] });
  writeFileSync(file('mlops.yaml'), yaml);
  writeFileSync(file('params.yaml'), 'lr: 0.2\n');
  assert.deepEqual(reasons(status()), { prepare: [], train: ['params changed: lr 0.1 → 0.2'] });
  writeFileSync(file('params.yaml'), 'rate: 0.1\n');
  const broken = status();
  assert.equal(broken.code, 1);
  assert.match(broken.err, /'lr' is not in params\.yaml/);
  writeFileSync(file('params.yaml'), 'lr: 0.1\n');
  assert.deepEqual(reasons(status()), { prepare: [], train: [] });
});

test('a damaged remembered config is read from mlops.yaml again', () => {
  mlops('status', '--json');
  writeFileSync(file('.mlops/config.json'), '{"version": 1, "build": ');
  assert.deepEqual(reasons(mlops('status', '--json')), { prepare: [], train: [] });
});

test('a run whose stages.json write was lost: the ledger, newer, still says up to date', () => {
  const stagesJson = file('.mlops/stages.json');
  const beforeRun = readFileSync(stagesJson, 'utf8');
  writeFileSync(file('params.yaml'), 'lr: 0.3\n');
  const run = mlops('run', '--json');
  assert.equal(run.code, 0, run.err);
  settleStore();
  assert.deepEqual(reasons(status()), { prepare: [], train: [] });
  writeFileSync(stagesJson, beforeRun);
  // ledger-ends.json is current (the store did not change) and shows train's newer ledger record.
  assert.deepEqual(reasons(status()), { prepare: [], train: [] }, 'stages.json alone would say params changed');
});
