import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEntry } from '../../../src/core/store/audit';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/core/store/embeddedStore';
import { StoreError } from '../../../src/core/store/types';
import { tempStoreDir } from '../../fixtures/store/tempStore';

describe('embedded store', () => {
  const { dir, cleanup } = tempStoreDir();
  let store: EmbeddedStore;
  before(async () => (store = await openEmbeddedStore(dir)));
  after(async () => {
    await store.close();
    cleanup();
  });

  test('a new store has MLflow\'s Default experiment', async () => {
    const [first] = await store.searchExperiments();
    assert.equal(first.experimentId, '0');
    assert.equal(first.name, 'Default');
  });

  test('experiments: create, find by name, duplicate refused, delete and restore', async () => {
    const id = await store.createExperiment('churn', { tags: { team: 'ml' } });
    assert.equal((await store.getExperimentByName('churn'))?.experimentId, id);
    assert.equal((await store.getExperiment(id)).tags.team, 'ml');
    await assert.rejects(store.createExperiment('churn'), (e: StoreError) => e.code === 'RESOURCE_ALREADY_EXISTS');
    await store.deleteExperiment(id);
    assert.ok(!(await store.searchExperiments()).some((e) => e.experimentId === id));
    assert.ok((await store.searchExperiments({ viewType: 'DELETED_ONLY' })).some((e) => e.experimentId === id));
    await store.restoreExperiment(id);
    assert.equal((await store.getExperiment(id)).lifecycleStage, 'active');
  });

  test('runs: metrics keep full history, latest as MLflow picks it, NaN and infinities as MLflow reads them back', async () => {
    const experimentId = (await store.getExperimentByName('churn'))!.experimentId;
    const run = await store.createRun({ experimentId, runName: 'train' });
    await store.logBatch(run.runId, {
      metrics: [
        { key: 'loss', value: 0.9, timestamp: 10, step: 0 },
        { key: 'loss', value: NaN, timestamp: 11, step: 1 },
        { key: 'loss', value: 0.5, timestamp: 9, step: 2 },
        { key: 'grad', value: Infinity, timestamp: 10, step: 0 },
        { key: 'grad', value: -Infinity, timestamp: 10, step: 1 },
      ],
      params: [{ key: 'lr', value: '0.1' }],
      tags: [{ key: 'note', value: '<script>alert(1)</script>' }],
    });
    const got = await store.getRun(run.runId);
    assert.deepEqual(got.data.metrics.map((m) => [m.key, m.value, m.step]), [['grad', -Number.MAX_VALUE, 1], ['loss', 0.5, 2]]);
    assert.deepEqual([...(await store.getMetricHistory(run.runId, 'grad')).values], [Number.MAX_VALUE, -Number.MAX_VALUE]);
    assert.equal(got.data.params.lr, '0.1');
    assert.equal(got.data.tags.note, '<script>alert(1)</script>');
    assert.equal(got.data.tags['mlflow.runName'], 'train');
    const loss = await store.getMetricHistory(run.runId, 'loss');
    assert.ok(loss.values instanceof Float64Array);
    assert.deepEqual([...loss.steps], [2, 0, 1]); // ordered by timestamp, then step
    assert.ok(Number.isNaN(loss.values[2]));
  });

  test('params are immutable; the same value again is fine; a failed batch changes nothing', async () => {
    const experimentId = (await store.getExperimentByName('churn'))!.experimentId;
    const run = await store.createRun({ experimentId });
    await store.logBatch(run.runId, { params: [{ key: 'lr', value: '0.1' }] });
    await store.logBatch(run.runId, { params: [{ key: 'lr', value: '0.1' }] });
    await assert.rejects(
      store.logBatch(run.runId, { metrics: [{ key: 'auc', value: 0.8, timestamp: 1, step: 0 }], params: [{ key: 'lr', value: '0.2' }] }),
      (e: StoreError) => e.code === 'INVALID_PARAMETER_VALUE' && /Changing param values/.test(e.message),
    );
    assert.equal((await store.getMetricHistory(run.runId, 'auc')).values.length, 0);
    await assert.rejects(store.logBatch(run.runId, { metrics: [{ key: 'x', value: 'high' as unknown as number, timestamp: 1, step: 0 }] }), /must be a number/);
    await assert.rejects(store.logBatch(run.runId, { metrics: [{ key: '../etc', value: 1, timestamp: 1, step: 0 }] }), /'\.\.'/);
    await assert.rejects(store.getRun('nope'), (e: StoreError) => e.code === 'RESOURCE_DOES_NOT_EXIST');
  });

  test('runs: status, end time, delete and restore, dataset inputs', async () => {
    const experimentId = (await store.getExperimentByName('churn'))!.experimentId;
    const run = await store.createRun({ experimentId, runName: 'prep' });
    await store.logInputs(run.runId, [{ dataset: { name: 'churn.csv', digest: 'abc123', sourceType: 'local', source: '{"uri":"data/raw/churn.csv"}' }, tags: { 'mlflow.data.context': 'training' } }]);
    const info = await store.updateRun(run.runId, { status: 'FINISHED', endTime: 12345 });
    assert.equal(info.status, 'FINISHED');
    assert.equal(info.endTime, 12345);
    const inputs = (await store.getRun(run.runId)).inputs.datasetInputs;
    assert.equal(inputs[0].dataset.digest, 'abc123');
    assert.equal(inputs[0].tags['mlflow.data.context'], 'training');
    await store.deleteRun(run.runId);
    await assert.rejects(store.logBatch(run.runId, { tags: [{ key: 'a', value: 'b' }] }), /active/);
    await store.restoreRun(run.runId);
    assert.equal((await store.getRun(run.runId)).info.lifecycleStage, 'active');
  });

  test('searchRuns filters, orders and pages', async () => {
    const experimentId = await store.createExperiment('search');
    for (let i = 0; i < 5; i++) {
      const run = await store.createRun({ experimentId, runName: `r${i}`, startTime: 1000 + i });
      await store.logBatch(run.runId, { metrics: [{ key: 'auc', value: i / 10, timestamp: 1, step: 0 }], params: [{ key: 'i', value: String(i) }] });
    }
    const page1 = await store.searchRuns({ experimentIds: [experimentId], filter: 'metrics.auc >= 0.1', orderBy: ['metrics.auc DESC'], maxResults: 2 });
    assert.deepEqual(page1.items.map((r) => r.info.runName), ['r4', 'r3']);
    const page2 = await store.searchRuns({ experimentIds: [experimentId], filter: 'metrics.auc >= 0.1', orderBy: ['metrics.auc DESC'], maxResults: 2, pageToken: page1.nextPageToken });
    assert.deepEqual(page2.items.map((r) => r.info.runName), ['r2', 'r1']);
    assert.equal(page2.nextPageToken, undefined);
    await assert.rejects(store.searchRuns({ experimentIds: [experimentId], filter: 'metrics.auc >>> 1' }));
  });

  test('registry: models, versions, stages, aliases', async () => {
    const experimentId = (await store.getExperimentByName('churn'))!.experimentId;
    const run = await store.createRun({ experimentId });
    await store.createRegisteredModel('churn');
    const v1 = await store.createModelVersion({ name: 'churn', source: `runs:/${run.runId}/model-1`, runId: run.runId });
    const v2 = await store.createModelVersion({ name: 'churn', source: `runs:/${run.runId}/model-2`, runId: run.runId });
    assert.deepEqual([v1.version, v2.version], ['1', '2']);
    await store.setRegisteredModelAlias('churn', 'champion', '1');
    await store.setRegisteredModelAlias('churn', 'champion', '2');
    assert.equal((await store.getModelVersionByAlias('churn', 'champion')).version, '2');
    assert.deepEqual((await store.getRegisteredModel('churn')).aliases, { champion: '2' });
    await store.transitionModelVersionStage('churn', '1', 'Production');
    await store.transitionModelVersionStage('churn', '2', 'Production', true);
    assert.equal((await store.getModelVersion('churn', '1')).currentStage, 'Archived');
    assert.deepEqual((await store.searchModelVersions({ name: 'churn' })).map((v) => v.version), ['2', '1']);
    await assert.rejects(store.setRegisteredModelAlias('churn', 'v3', '1'), /reserved/);
    await store.deleteRegisteredModelAlias('churn', 'champion');
    await assert.rejects(store.getModelVersionByAlias('churn', 'champion'), (e: StoreError) => e.code === 'INVALID_PARAMETER_VALUE');
  });

  test('logged models: create, finalize', async () => {
    const experimentId = (await store.getExperimentByName('churn'))!.experimentId;
    const model = await store.createLoggedModel({ experimentId, name: 'model', params: { lr: '0.1' } });
    assert.equal(model.status, 'PENDING');
    assert.equal((await store.finalizeLoggedModel(model.modelId, 'READY')).status, 'READY');
    assert.equal((await store.getLoggedModel(model.modelId)).params.lr, '0.1');
  });

  test('reopening replays the journal; a checkpoint folds it in; read-only opens see it all', async () => {
    const before = await store.searchRuns({ experimentIds: ['1', '2'], maxResults: 100 });
    await store.close();
    store = await openEmbeddedStore(dir);
    assert.deepEqual(await store.searchRuns({ experimentIds: ['1', '2'], maxResults: 100 }), before);
    store.checkpoint();
    const reader = await openEmbeddedStore(dir, { readOnly: true });
    assert.deepEqual(await reader.searchRuns({ experimentIds: ['1', '2'], maxResults: 100 }), before);
    await assert.rejects(reader.createExperiment('nope'), /read-only/);
    await reader.close();
  });
});

describe('embedded store: writes beyond the first MLflow subset', () => {
  const { dir, cleanup } = tempStoreDir();
  let store: EmbeddedStore;
  before(async () => (store = await openEmbeddedStore(dir)));
  after(async () => {
    await store.close();
    cleanup();
  });

  const entry = (over: Partial<AuditEntry>): AuditEntry => ({
    modelName: 'churn', version: '1', action: 'set-alias', target: 'champion', from: null, to: '1', reason: 'gate passed', actor: 'ana <ana@example.com>',
    at: 1_700_000_000_000, runId: null, gitCommit: null, ...over,
  });

  test('audit trail: oldest first, per model, entries as recorded; bad entries refused and nothing kept', async () => {
    await store.recordAudit(entry({ at: 3000, action: 'rollback', from: '2', to: '1', reason: 'drift' }));
    await store.recordAudit(entry({ at: 1000, action: 'register', target: 'version', to: '1', runId: 'a'.repeat(32), gitCommit: 'abc1234' }));
    await store.recordAudit(entry({ at: 2000, version: '2', from: '1', to: '2' }));
    await store.recordAudit(entry({ at: 2000, version: '2', action: 'transition-stage', target: 'Production', from: 'Staging', to: 'Production' }));
    await store.recordAudit(entry({ modelName: 'other', version: null, at: 500 }));
    const trail = await store.readAudit('churn');
    assert.deepEqual(trail.map((e) => [e.at, e.action]), [[1000, 'register'], [2000, 'set-alias'], [2000, 'transition-stage'], [3000, 'rollback']]);
    assert.deepEqual(trail[0], entry({ at: 1000, action: 'register', target: 'version', to: '1', runId: 'a'.repeat(32), gitCommit: 'abc1234' }));
    assert.deepEqual((await store.readAudit('other')).map((e) => e.version), [null]);
    assert.deepEqual(await store.readAudit('nobody'), []);
    for (const bad of [{ actor: '' }, { version: 'v2' }, { at: 1.5 }, { gitCommit: 'not a commit' }, { modelName: '' }, { reason: 42 as unknown as string }]) {
      await assert.rejects(store.recordAudit(entry(bad)), (e: StoreError) => e.code === 'INVALID_PARAMETER_VALUE');
    }
    assert.equal((await store.readAudit('churn')).length, 4);
  });

  test('every new write replays from the journal into the same state', async () => {
    const experimentId = await store.createExperiment('replay', { tags: { drop: 'x', keep: 'y' } });
    const run = await store.createRun({ experimentId });
    const logged = await store.createLoggedModel({ experimentId, name: 'clf', sourceRunId: run.runId });
    const used = await store.createLoggedModel({ experimentId, name: 'used' });
    await store.logBatch(run.runId, { metrics: [{ key: 'auc', value: NaN, timestamp: 5, step: 1, modelId: logged.modelId, datasetName: 'holdout' }] });
    await store.logOutputs(run.runId, [{ modelId: logged.modelId, step: 1 }]);
    await store.logInputs(run.runId, [], [used.modelId]);
    await store.setLoggedModelTags(logged.modelId, { stage: 'candidate', gone: 'soon' });
    await store.deleteLoggedModelTag(logged.modelId, 'gone');
    await store.logLoggedModelParams(logged.modelId, { C: '1.0' });
    await store.deleteLoggedModel(used.modelId);
    await store.deleteExperimentTag(experimentId, 'drop');
    await store.createRegisteredModel('replayed', { tags: { a: '1' } });
    await store.createModelVersion({ name: 'replayed', source: `models:/${logged.modelId}`, modelId: logged.modelId });
    await store.setRegisteredModelAlias('replayed', 'champion', '1');
    await store.setRegisteredModelTag('replayed', 'b', '2');
    await store.deleteRegisteredModelTag('replayed', 'a');
    await store.setModelVersionTag('replayed', '1', 'validated', 'yes');
    await store.setModelVersionTag('replayed', '1', 'dropped', 'x');
    await store.deleteModelVersionTag('replayed', '1', 'dropped');
    await store.renameRegisteredModel('replayed', 'renamed');
    await store.recordAudit(entry({ modelName: 'renamed', at: 10 }));

    const view = async (s: EmbeddedStore) => ({
      experiment: await s.getExperiment(experimentId),
      run: await s.getRun(run.runId),
      logged: await s.getLoggedModel(logged.modelId),
      search: await s.searchLoggedModels({ experimentIds: [experimentId] }),
      model: await s.getRegisteredModel('renamed'),
      version: await s.getModelVersion('renamed', '1'),
      uri: await s.getModelVersionDownloadUri('renamed', '1'),
      audit: await s.readAudit('renamed'),
    });
    const written = await view(store);
    assert.deepEqual(written.run.outputs.modelOutputs, [{ modelId: logged.modelId, step: 1 }]);
    assert.deepEqual(written.run.inputs.modelInputs, [{ modelId: used.modelId }]);
    assert.deepEqual(written.logged.metrics.map((m) => [m.key, m.value, m.datasetName]), [['auc', 0, 'holdout']]); // NaN is kept as 0 there, as MLflow does
    assert.deepEqual(written.logged.tags, { 'mlflow.modelVersions': '[{"name": "replayed", "version": 1}]', stage: 'candidate' });
    assert.deepEqual(written.search.items.map((m) => m.name), ['clf']);
    assert.deepEqual([written.model.tags, written.model.aliases, written.version.tags], [{ b: '2' }, { champion: '1' }, { validated: 'yes' }]);
    assert.equal(written.uri, logged.artifactLocation);
    assert.deepEqual(written.experiment.tags, { keep: 'y' });

    const reader = await openEmbeddedStore(dir, { readOnly: true }); // loads mlflow.db and replays the journal
    try {
      assert.deepEqual(await view(reader), written);
    } finally {
      await reader.close();
    }
  });
});
