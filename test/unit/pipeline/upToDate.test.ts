import assert from 'node:assert/strict';
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DigestCache } from '../../../src/core/pipeline/digests';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { projectWith, runProject, statusOf } from '../../fixtures/pipelines';

// Every reason a stage runs, on a tiny two-stage pipeline: each test changes one thing, checks the
// status says why, then puts it back (or runs again) so the next test starts up to date.

const yaml = (prepareCmd = 'cp raw.txt prepared.txt') => `version: 1
experiment: reasons
params: params.yaml
stages:
  prepare:
    cmd: ${prepareCmd}
    deps: [raw.txt]
    outs: [prepared.txt]
  train:
    cmd: cat prepared.txt train.sh > model.txt
    deps: [prepared.txt, train.sh]
    params: [train.lr]
    outs: [model.txt]
`;
const p = projectWith({ 'mlops.yaml': yaml(), 'params.yaml': 'train:\n  lr: 0.1\n', 'raw.txt': 'raw\n', 'train.sh': 'echo train\n' });
const file = (name: string) => path.join(p.dir, name);
const upToDate = { prepare: [], train: [] };
after(p.cleanup);

before(async () => {
  assert.deepEqual(await statusOf(p.dir), { prepare: ['never run'], train: ['never run'] });
  const result = await runProject(p.dir);
  assert.equal(result.status, 'FINISHED');
  assert.deepEqual(result.stages.map((s) => [s.stage, s.reasons]), [['prepare', ['never run']], ['train', ['never run']]]);
});

test('after a successful run every stage is up to date, and a second run runs nothing', async () => {
  assert.deepEqual(await statusOf(p.dir), upToDate);
  const second = await runProject(p.dir);
  assert.equal(second.status, 'FINISHED');
  assert.deepEqual(second.stages.map((s) => [s.stage, s.cachedFrom !== undefined]), [['prepare', true], ['train', true]]);
});

test('params changed: names the key, the old and the new value', async () => {
  writeFileSync(file('params.yaml'), 'train:\n  lr: 0.05\n');
  assert.deepEqual(await statusOf(p.dir), { prepare: [], train: ['params changed: train.lr 0.1 → 0.05'] });
  writeFileSync(file('params.yaml'), 'train:\n  lr: 0.1\n');
  assert.deepEqual(await statusOf(p.dir), upToDate);
});

test('deps changed: names the dep, and the stages downstream say which upstream stage will run', async () => {
  writeFileSync(file('raw.txt'), 'new raw\n');
  assert.deepEqual(await statusOf(p.dir), { prepare: ['deps changed: raw.txt'], train: ['upstream stage prepare will run'] });
  writeFileSync(file('raw.txt'), 'raw\n');
  const later = new Date(Date.now() + 5000);
  utimesSync(file('raw.txt'), later, later);
  assert.deepEqual(await statusOf(p.dir), upToDate, 'the same content with a new mtime is unchanged');
});

test('deps missing: a dep nothing writes is gone', async () => {
  const script = readFileSync(file('train.sh'));
  rmSync(file('train.sh'));
  assert.deepEqual(await statusOf(p.dir), { prepare: [], train: ['deps missing: train.sh'] });
  writeFileSync(file('train.sh'), script);
  assert.deepEqual(await statusOf(p.dir), upToDate);
});

test('outs missing and outs changed', async () => {
  const model = readFileSync(file('model.txt'));
  rmSync(file('model.txt'));
  assert.deepEqual(await statusOf(p.dir), { prepare: [], train: ['outs missing: model.txt'] });
  writeFileSync(file('model.txt'), 'tampered\n');
  assert.deepEqual(await statusOf(p.dir), { prepare: [], train: ['outs changed: model.txt'] });
  writeFileSync(file('model.txt'), model);
  assert.deepEqual(await statusOf(p.dir), upToDate);
});

test('cmd changed; --force; only the named stages and what is downstream of them', async () => {
  writeFileSync(file('mlops.yaml'), yaml('cp raw.txt prepared.txt && true'));
  assert.deepEqual(await statusOf(p.dir), { prepare: ['cmd changed'], train: ['upstream stage prepare will run'] });
  writeFileSync(file('mlops.yaml'), yaml());
  assert.deepEqual(await statusOf(p.dir, { force: true }), { prepare: ['forced'], train: ['forced'] });
  assert.deepEqual(await statusOf(p.dir, { stages: ['train'], force: true }), { train: ['forced'] });
});

test('at run time a stage whose upstream re-ran but wrote the same outputs is skipped', async () => {
  const result = await runProject(p.dir, { stages: ['prepare'], downstream: true, force: false });
  assert.deepEqual(result.stages.map((s) => s.cachedFrom !== undefined), [true, true]);
  writeFileSync(file('mlops.yaml'), yaml('cp raw.txt prepared.txt && true')); // cmd changed, same output
  const rerun = await runProject(p.dir);
  assert.deepEqual(rerun.stages.map((s) => [s.stage, s.cachedFrom === undefined ? s.reasons : 'cached']), [['prepare', ['cmd changed']], ['train', 'cached']]);
  writeFileSync(file('mlops.yaml'), yaml());
  await runProject(p.dir);
});

test('always_run: the stage runs every time', async () => {
  writeFileSync(file('mlops.yaml'), yaml().replace('    outs: [prepared.txt]\n', '    outs: [prepared.txt]\n    always_run: true\n'));
  try {
    assert.deepEqual(await statusOf(p.dir), { prepare: ['always_run'], train: ['upstream stage prepare will run'] });
  } finally {
    writeFileSync(file('mlops.yaml'), yaml());
  }
});

test('the ledger records why each stage ran, and a cached stage points at the run that produced its outputs', async () => {
  const result = await runProject(p.dir);
  const store = await openEmbeddedStore(path.join(p.dir, '.mlops'), { readOnly: true });
  try {
    const train = result.stages.find((s) => s.stage === 'train')!;
    const producer = await store.lastSuccessfulExecution('train');
    assert.equal(train.cachedFrom, producer!.runId);
    const run = await store.getRun(train.runId);
    assert.equal(run.info.status, 'FINISHED');
    assert.equal(run.data.tags['mlops.cached_from'], producer!.runId);
    assert.equal(run.data.tags['mlflow.parentRunId'], result.runId);
    assert.deepEqual(run.data.params, { 'train.lr': '0.1' });
    const fingerprint = JSON.parse(producer!.fingerprint!) as { cmd: string; params: object; deps: Record<string, string>; outs: Record<string, string> };
    assert.equal(fingerprint.cmd, 'cat prepared.txt train.sh > model.txt');
    assert.deepEqual(fingerprint.params, { 'train.lr': '0.1' });
    assert.deepEqual(Object.keys(fingerprint.deps), ['prepared.txt', 'train.sh']);
    assert.match(fingerprint.outs['model.txt'], /^[0-9a-f]{32}$/);
  } finally {
    await store.close();
  }
});

test('a warm status check reads no file: every digest comes from the cache', async () => {
  const past = new Date(Date.now() - 60_000);
  for (const name of ['raw.txt', 'prepared.txt', 'train.sh', 'model.txt', 'params.yaml']) utimesSync(file(name), past, past);
  await statusOf(p.dir); // hashes what changed since the last look, with old enough mtimes to trust
  const digests = DigestCache.forProject(p.dir);
  assert.deepEqual(await statusOf(p.dir, { digests }), upToDate);
  assert.deepEqual(digests.stats, { hits: 5, hashed: 0 }, 'deps raw.txt, prepared.txt, train.sh; outs prepared.txt, model.txt');
});
