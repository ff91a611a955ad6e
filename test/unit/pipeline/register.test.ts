import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Register } from '../../../src/core/config/pipelineConfig';
import { currentActor } from '../../../src/core/pipeline/actor';
import { gateTagKey, readGateTags, recordGateResult } from '../../../src/core/pipeline/gateRecord';
import { evaluateGate } from '../../../src/core/pipeline/gates';
import { checkProtection } from '../../../src/core/pipeline/protection';
import { AUDIT_TAG, RegistrationError, registerModel, type RegisterInput } from '../../../src/core/pipeline/register';
import { startMlflowServer } from '../../../src/core/mlflow/server/httpServer';
import { RestStore } from '../../../src/core/mlflow/client/restStore';
import { gate, openWorld, type World } from './registryWorld';

const register: Register = { model: 'churn', artifact: 'models/model.json', producer: 'train', when: ['beats_champion'], alias: 'challenger' };
const beatsChampion = gate('beats_champion', 'evaluate', [{ metric: 'auc', op: '>=', baseline: 'models:/churn@challenger', margin: 0.01 }]);
const commit = 'a'.repeat(40);

describe('registration', () => {
  let w: World;
  before(async () => {
    w = await openWorld();
    mkdirSync(path.join(w.dir, 'models'));
  });
  after(async () => {
    await w.close();
  });

  function configWith(r: Partial<Register> = {}): RegisterInput['config'] {
    return { root: w.dir, register: { ...register, ...r }, protect: { aliases: { champion: ['beats_champion'] }, stages: {} } };
  }

  /** One pipeline run: train writes models/model.json (holding `weights`), evaluate logs auc, the gate is checked after it. */
  async function pipelineRun(auc: number, weights: string): Promise<Omit<RegisterInput, 'config'>> {
    writeFileSync(path.join(w.dir, 'models/model.json'), weights);
    const pipelineRunId = await w.run({}, { 'mlops.pipelineRun': 'true' });
    const train = await w.run({}, { 'mlflow.parentRunId': pipelineRunId });
    await w.store.logBatch(train, { params: [{ key: 'lr', value: '0.1' }] });
    const evaluate = await w.run({ auc }, { 'mlflow.parentRunId': pipelineRunId });
    const result = await evaluateGate(beatsChampion, [{ stage: 'train', runId: train }, { stage: 'evaluate', runId: evaluate }], w.store);
    await recordGateResult(w.store, result, [evaluate, pipelineRunId]);
    return { experimentId: w.experimentId, pipelineRunId, sourceRunId: train, gateResults: [result], gitCommit: commit, actor: 'Ada <ada@example.com>' };
  }

  it('logs the artifact as a model, registers version 1 with the alias, and records the audit trail', async () => {
    const run = await pipelineRun(0.8, '{"w": [1]}');
    assert.equal(run.gateResults[0]!.passed, true, 'no challenger yet: nothing to beat');
    const outcome = await registerModel(w.store, { ...run, config: configWith() });
    assert.ok(outcome.registered);
    assert.equal(outcome.message, "Registered 'churn' version 1 with alias 'challenger'.");

    const model = await w.store.getLoggedModel(outcome.loggedModel.modelId);
    assert.deepEqual([model.status, model.sourceRunId, model.name, model.params, model.tags['mlops.artifact']], ['READY', run.sourceRunId, 'churn', { lr: '0.1' }, 'models/model.json']);
    const folder = fileURLToPath(model.artifactLocation);
    assert.ok(folder.startsWith(path.join(w.dir, '.mlops', 'artifacts') + path.sep), folder);
    assert.deepEqual(readdirSync(folder), ['model.json']);
    assert.equal(readFileSync(path.join(folder, 'model.json'), 'utf8'), '{"w": [1]}');
    assert.deepEqual((await w.store.getRun(run.sourceRunId)).outputs.modelOutputs, [{ modelId: model.modelId, step: 0 }]);

    const v = outcome.version;
    assert.deepEqual([v.version, v.source, v.runId, v.aliases, v.tags[gateTagKey('beats_champion')], v.tags['mlops.pipelineRun']], ['1', `models:/${model.modelId}`, run.sourceRunId, ['challenger'], 'passed', run.pipelineRunId]);
    assert.equal(readGateTags(v.tags).get('beats_champion')!.result!.requirements[0]!.note, "no version of model 'churn' holds alias 'challenger' yet, so there is no baseline to beat");
    assert.equal(await w.store.getModelVersionDownloadUri('churn', '1'), model.artifactLocation);
    assert.equal((await w.store.getRun(run.pipelineRunId)).data.tags['mlops.registeredModel'], 'models:/churn/1');

    const audit = await w.store.readAudit('churn');
    assert.deepEqual(audit.map((e) => [e.version, e.action, e.target, e.from, e.to, e.actor, e.runId, e.gitCommit]), [
      ['1', 'register', 'models:/churn/1', null, '1', 'Ada <ada@example.com>', run.sourceRunId, commit],
      ['1', 'set-alias', 'challenger', null, '1', 'Ada <ada@example.com>', run.sourceRunId, commit],
    ]);
    assert.equal(audit[0]!.reason, `pipeline run ${run.pipelineRunId}: gate 'beats_champion' passed`);
  });

  it('registers the next passing candidate as version 2 and moves the alias to it', async () => {
    const run = await pipelineRun(0.85, '{"w": [2]}');
    assert.deepEqual([run.gateResults[0]!.passed, run.gateResults[0]!.requirements[0]!.baseline], [true, 0.8], "version 1's auc, from its evaluate run");
    const outcome = await registerModel(w.store, { ...run, config: configWith() });
    assert.ok(outcome.registered);
    assert.deepEqual([outcome.version.version, outcome.previousHolder, outcome.message], ['2', '1', "Registered 'churn' version 2 with alias 'challenger' (moved from version 1)."]);
    assert.equal((await w.store.getModelVersionByAlias('churn', 'challenger')).version, '2');
    assert.deepEqual((await w.store.getModelVersion('churn', '1')).aliases, []);
    const last = (await w.store.readAudit('churn')).at(-1)!;
    assert.deepEqual([last.action, last.target, last.from, last.to], ['set-alias', 'challenger', '1', '2']);
    const copied = fileURLToPath(outcome.loggedModel.artifactLocation);
    assert.equal(readFileSync(path.join(copied, 'model.json'), 'utf8'), '{"w": [2]}');
    assert.equal((await checkProtection(configWith(), { kind: 'alias', name: 'champion' }, { name: 'churn', version: '2' }, w.store)).allowed, true);
  });

  it('does not register the same run\'s artifact twice (its stage was up to date)', async () => {
    const v2 = await w.store.getModelVersion('churn', '2');
    const run = await pipelineRun(0.99, '{"w": [2]}');
    const outcome = await registerModel(w.store, { ...run, sourceRunId: v2.runId, config: configWith() });
    assert.equal(outcome.registered, false);
    assert.ok(!outcome.registered && outcome.existing?.version === '2');
    assert.equal(!outcome.registered && outcome.reason, `Already registered: version 2 of 'churn' holds 'models/model.json' from run ${v2.runId}.`);
    assert.equal((await w.store.searchModelVersions({ name: 'churn' })).length, 2);
  });

  it('refuses when a gate of `when` failed or was not checked, and creates nothing', async () => {
    const run = await pipelineRun(0.851, '{"w": [3]}'); // needs 0.85 + 0.01
    assert.equal(run.gateResults[0]!.passed, false);
    const before = (await w.store.searchModelVersions({ name: 'churn' })).length;
    assert.deepEqual(await registerModel(w.store, { ...run, config: configWith() }), { registered: false, reason: "Not registered: gate 'beats_champion' failed." });
    assert.deepEqual(await registerModel(w.store, { ...run, gateResults: [], config: configWith() }), { registered: false, reason: "Not registered: gate 'beats_champion' not checked in this pipeline run." });
    const bypass = await registerModel(w.store, { ...run, config: configWith({ when: [], alias: 'champion' }) });
    assert.ok(!bypass.registered);
    assert.match(bypass.reason, /^Not registered: The new version of 'churn' cannot receive alias 'champion': gate 'beats_champion' failed: auc 0\.851 is not >= 0\.86 \(baseline 0\.85 models:\/churn@challenger \(version 2, run [0-9a-f]{32}\) \+ margin 0\.01\)\.$/);
    assert.equal((await w.store.searchModelVersions({ name: 'churn' })).length, before);
    assert.equal((await w.store.getRun(run.sourceRunId)).outputs.modelOutputs.length, 0);
  });

  it('registers a folder as the logged model itself, and registers without gates when `when` is empty', async () => {
    const dir = path.join(w.dir, 'models/mlflow_model');
    mkdirSync(path.join(dir, 'data'), { recursive: true });
    writeFileSync(path.join(dir, 'MLmodel'), 'flavors: {}\n');
    writeFileSync(path.join(dir, 'data/weights.bin'), 'w');
    const run = await pipelineRun(0.5, '{}');
    const outcome = await registerModel(w.store, { ...run, gateResults: [], config: configWith({ model: 'folder', artifact: 'models/mlflow_model/', when: [], alias: 'candidate' }) });
    assert.ok(outcome.registered);
    const folder = fileURLToPath(outcome.loggedModel.artifactLocation);
    assert.deepEqual(readdirSync(folder).sort(), ['MLmodel', 'data']);
    assert.ok(existsSync(path.join(folder, 'data/weights.bin')));
    assert.deepEqual([outcome.version.version, outcome.version.aliases], ['1', ['candidate']]);
    assert.equal((await w.store.readAudit('folder'))[0]!.reason, `pipeline run ${run.pipelineRunId}`);
  });

  it('says clearly when the artifact is missing, lies outside the project, or the artifact root is not a folder', async () => {
    const run = await pipelineRun(0.99, '{}');
    await assert.rejects(registerModel(w.store, { ...run, config: configWith({ artifact: 'models/absent.json' }) }), (e: unknown) => e instanceof RegistrationError && /^The artifact 'models\/absent\.json' does not exist/.test(e.message));
    await assert.rejects(registerModel(w.store, { ...run, config: configWith({ artifact: '../outside.json' }) }), /The artifact '\.\.\/outside\.json' lies outside the pipeline root/);
    const s3 = await w.store.createExperiment('remote-artifacts', { artifactLocation: 's3://bucket/mlflow' });
    await assert.rejects(
      registerModel(w.store, { ...run, experimentId: s3, config: configWith({ model: 'never' }) }),
      /needs a local artifact root, and experiment 'remote-artifacts' keeps its artifacts at s3:\/\/bucket\/mlflow: uploading a model there is not supported yet/,
    );
    await assert.rejects(w.store.getRegisteredModel('never'), /not found/);
  });

  it('on a store without an audit trail (our MLflow server over REST), keeps the entries as the version\'s mlops.audit tag', async () => {
    const server = await startMlflowServer({ store: w.store, token: w.store.token, artifactRoot: path.join(w.store.dir, 'artifacts') });
    try {
      const rest = new RestStore({ url: `http://127.0.0.1:${server.port}`, token: w.store.token });
      const run = await pipelineRun(0.99, '{"w": [9]}');
      const outcome = await registerModel(rest, { ...run, config: configWith({ model: 'over-rest' }) });
      assert.ok(outcome.registered);
      const entries = JSON.parse(outcome.version.tags[AUDIT_TAG]!) as { action: string; target: string; to: string }[];
      assert.deepEqual(entries.map((e) => [e.action, e.target, e.to]), [['register', 'models:/over-rest/1', '1'], ['set-alias', 'challenger', '1']]);
      assert.equal(readFileSync(path.join(fileURLToPath(outcome.loggedModel.artifactLocation), 'model.json'), 'utf8'), '{"w": [9]}');
    } finally {
      await server.close();
    }
  });

  it("names the actor from git's user.name and user.email, else the OS user", async () => {
    const repo = path.join(w.dir, 'repo');
    mkdirSync(repo);
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['-C', repo, 'config', 'user.name', 'Grace Hopper']);
    execFileSync('git', ['-C', repo, 'config', 'user.email', 'grace@example.com']);
    assert.equal(await currentActor(repo), 'Grace Hopper <grace@example.com>');
    const outside = path.join(w.dir, 'nowhere-that-exists');
    assert.equal(typeof (await currentActor(outside)), 'string');
    assert.notEqual(await currentActor(outside), '');
  });
});
