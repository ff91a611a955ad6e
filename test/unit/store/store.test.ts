import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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
    const v1 = await store.createModelVersion({ name: 'churn', source: 'models:/m-1', runId: run.runId });
    const v2 = await store.createModelVersion({ name: 'churn', source: 'models:/m-2', runId: run.runId });
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
