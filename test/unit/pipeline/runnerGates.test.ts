import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { cliPath, projectWith } from '../../fixtures/pipelines';

// Gates and registration through `mlops run`, as CI runs it: a failing gate stops what follows and
// exits 3; a passing one lets the model be registered with its alias and an audit entry; an
// unchanged second run registers nothing new; a registration that cannot happen exits 1.

const pipeline = `version: 1
experiment: gated
params: params.yaml
stages:
  train:
    cmd: python3 train.py
    deps: [train.py]
    params: [train.quality]
    outs: [model.txt]
  evaluate:
    cmd: python3 evaluate.py
    deps: [evaluate.py, model.txt]
    metrics: [eval.json]
  report:
    cmd: echo reported > report.txt
    after: [evaluate]
    outs: [report.txt]
gates:
  good_enough:
    after: evaluate
    require:
      - {metric: auc, op: ">=", baseline: 0.8}
      - {metric: auc, op: ">=", baseline: "models:/scorer@champion", margin: 0.01}
register:
  model: scorer
  artifact: model.txt
  when: [good_enough]
`;

const files = (quality: number) => ({
  'mlops.yaml': pipeline,
  'params.yaml': `train:\n  quality: ${quality}\n`,
  'train.py': 'import re\nq = re.search(r"quality: (\\S+)", open("params.yaml").read()).group(1)\nopen("model.txt", "w").write(q)\n',
  'evaluate.py': 'import json\njson.dump({"auc": float(open("model.txt").read())}, open("eval.json", "w"))\n',
});

function mlops(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface RunJson {
  runId: string;
  status: string;
  stages: { stage: string; runId: string; cachedFrom?: string }[];
  notRun: string[];
  failedGate?: string;
  gates: { gate: string; passed: boolean; requirements: { candidate: number; passed: boolean; note: string | null }[] }[];
  registration?: { model: string; registered: boolean; version?: string; alias?: string; message: string; error?: boolean };
}

function runJson(dir: string, expectedCode: number): RunJson {
  const r = mlops(dir, 'run', '--json');
  assert.equal(r.code, expectedCode, `${r.out}\n${r.err}`);
  return JSON.parse(r.out) as RunJson;
}

async function withStore<T>(dir: string, read: (store: Awaited<ReturnType<typeof openEmbeddedStore>>) => Promise<T>): Promise<T> {
  const store = await openEmbeddedStore(path.join(dir, '.mlops'), { readOnly: true });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

test('a failing gate prints its table, stops the stages after it, records the result and exits 3, run after run', async () => {
  const p = projectWith(files(0.7));
  try {
    const human = mlops(p.dir, 'run');
    assert.equal(human.code, 3, human.err);
    assert.match(human.out, /Gate good_enough \(after evaluate\): failed/);
    assert.match(human.out, /auc\s+>=\s+0\.7\s+0\.8\s+0\s+FAIL: 0\.7 is not >= 0\.8/);
    assert.match(human.out, /gate good_enough failed: auc 0\.7 is not >= 0\.8/);
    assert.doesNotMatch(human.out, /── report ──/);

    const again = runJson(p.dir, 3);
    assert.equal(again.failedGate, 'good_enough');
    assert.deepEqual(again.notRun, ['report']);
    assert.ok(again.stages.every((s) => s.cachedFrom), 'train and evaluate were cached');
    assert.deepEqual(again.gates.map((g) => [g.gate, g.passed]), [['good_enough', false]]);
    assert.equal(again.registration, undefined);

    await withStore(p.dir, async (store) => {
      const pipelineRun = await store.getRun(again.runId);
      assert.equal(pipelineRun.info.status, 'FAILED');
      assert.equal(pipelineRun.data.tags['mlops.gate.good_enough'], 'failed');
      const evaluate = await store.getRun(again.stages.find((s) => s.stage === 'evaluate')!.runId);
      assert.equal(evaluate.data.tags['mlops.gate.good_enough'], 'failed');
      assert.deepEqual((await store.searchRegisteredModels()).items, []);
    });
  } finally {
    p.cleanup();
  }
});

describe('a passing gate registers the model', () => {
  const p = projectWith(files(0.9));
  after(p.cleanup);
  test('first run: version 1 with alias challenger, the gates on it, two audit entries', async () => {
    const first = runJson(p.dir, 0);
    assert.deepEqual(first.gates.map((g) => [g.gate, g.passed, g.requirements.map((r) => r.passed)]), [['good_enough', true, [true, true]]]);
    assert.match(first.gates[0].requirements[1].note!, /no version of model 'scorer' holds alias 'champion' yet/);
    assert.deepEqual(first.registration, { model: 'scorer', registered: true, version: '1', alias: 'challenger', message: "Registered 'scorer' version 1 with alias 'challenger'." });
    const train = first.stages.find((s) => s.stage === 'train')!;
    await withStore(p.dir, async (store) => {
      const version = await store.getModelVersionByAlias('scorer', 'challenger');
      assert.equal(version.version, '1');
      assert.equal(version.runId, train.runId);
      assert.equal(version.tags['mlops.gate.good_enough'], 'passed');
      const audit = await store.readAudit('scorer');
      assert.deepEqual(audit.map((e) => [e.action, e.target, e.from, e.to, e.runId]), [
        ['register', 'models:/scorer/1', null, '1', train.runId],
        ['set-alias', 'challenger', null, '1', train.runId],
      ]);
      assert.match(audit[0].reason!, new RegExp(`pipeline run ${first.runId}: gate 'good_enough' passed`));
      assert.equal((await store.getRun(first.runId)).data.tags['mlops.registeredModel'], 'models:/scorer/1');
    });
  });

  test('an unchanged second run: every stage cached, the recorded gate reused, nothing new registered', async () => {
    const second = runJson(p.dir, 0);
    assert.deepEqual(second.stages.map((s) => [s.stage, Boolean(s.cachedFrom)]), [['train', true], ['evaluate', true], ['report', true]]);
    assert.equal(second.registration?.registered, false);
    assert.equal(second.registration?.version, '1');
    assert.match(second.registration!.message, /^Already registered: version 1 of 'scorer'/);
    await withStore(p.dir, async (store) => {
      assert.deepEqual((await store.searchModelVersions({ name: 'scorer' })).map((v) => v.version), ['1']);
      assert.equal((await store.readAudit('scorer')).length, 2);
    });
  });

  test('a better model after a param change: version 2 takes the alias, the audit says from where', async () => {
    const params = path.join(p.dir, 'params.yaml');
    writeFileSync(params, readFileSync(params, 'utf8').replace('0.9', '0.95'));
    const human = mlops(p.dir, 'run');
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /Gate good_enough \(after evaluate\): passed/);
    assert.match(human.out, /Registered 'scorer' version 2 with alias 'challenger' \(moved from version 1\)\./);
    await withStore(p.dir, async (store) => {
      const audit = await store.readAudit('scorer');
      assert.deepEqual(audit.slice(2).map((e) => [e.action, e.target, e.from, e.to]), [
        ['register', 'models:/scorer/2', null, '2'],
        ['set-alias', 'challenger', '1', '2'],
      ]);
    });
  });
});

test('a registration that cannot happen (artifacts kept in s3) ends the pipeline run FAILED and exits 1', async () => {
  const p = projectWith(files(0.9));
  try {
    const store = await openEmbeddedStore(path.join(p.dir, '.mlops'));
    await store.createExperiment('gated', { artifactLocation: 's3://bucket/gated' });
    await store.close();
    const result = runJson(p.dir, 1);
    assert.equal(result.status, 'FAILED');
    assert.deepEqual(result.gates.map((g) => g.passed), [true]);
    assert.equal(result.registration?.error, true);
    assert.match(result.registration!.message, /Registering 'scorer' failed: .*needs a local artifact root/);
  } finally {
    p.cleanup();
  }
});
