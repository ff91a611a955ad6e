// "Register Model from Run" on a real embedded store: from a logged model and from an artifact
// path, creating the registered model when missing, with the audit trail's `register` entry.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readEntries } from '../../../src/core/registry/auditLog';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/core/store/embeddedStore';
import type { Run } from '../../../src/core/store/types';
import { artifactLocation, registerFromRun, runsUri } from '../../../src/vscode/runs/registerFromRun';
import { tempStoreDir } from '../../fixtures/store/tempStore';

describe('register a model from a run', () => {
  const { dir, cleanup } = tempStoreDir();
  let store: EmbeddedStore;
  let run: Run;
  let modelId = '';

  before(async () => {
    store = await openEmbeddedStore(dir);
    const experimentId = await store.createExperiment('churn');
    const info = await store.createRun({ experimentId, runName: 'train', tags: { 'mlflow.source.git.commit': 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' } });
    const logged = await store.createLoggedModel({ experimentId, name: 'churn-model', sourceRunId: info.runId });
    modelId = logged.modelId;
    await store.finalizeLoggedModel(modelId, 'READY');
    await store.logOutputs(info.runId, [{ modelId, step: 0 }]);
    run = await store.getRun(info.runId);
  });

  after(async () => {
    await store.close();
    cleanup();
  });

  it('registers a logged model as a new version of a new registered model, with an audit entry', async () => {
    const version = await registerFromRun(store, { run, source: { kind: 'loggedModel', modelId }, modelName: 'churn', actor: 'Ada <ada@example.com>' });
    assert.equal(version.version, '1');
    assert.equal(version.source, `models:/${modelId}`);
    assert.equal(version.runId, run.info.runId);
    const [entry] = await readEntries(store, 'churn');
    assert.deepEqual({ ...entry, at: 0 }, {
      modelName: 'churn', version: '1', action: 'register', target: 'models:/churn/1', from: null, to: '1', at: 0,
      reason: `registered from run ${run.info.runId} (logged model ${modelId}) in the Runs view`, actor: 'Ada <ada@example.com>', runId: run.info.runId,
      gitCommit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    });
  });

  it("registers an artifact path as the next version, its source under the run's artifact root", async () => {
    const version = await registerFromRun(store, { run, source: { kind: 'artifact', path: 'model/' }, modelName: 'churn', actor: 'ada' });
    assert.equal(version.version, '2');
    assert.equal(version.source, `${run.info.artifactUri}/model`);
    assert.equal((await readEntries(store, 'churn')).length, 2);
  });

  it('refuses an artifact path that climbs out of the run', () => {
    assert.throws(() => artifactLocation(run, '../other-run/model'), /is not an artifact path/);
    assert.throws(() => artifactLocation(run, '/'), /is not an artifact path/);
  });

  it('writes runs:/ URIs as MLflow reads them', () => {
    assert.equal(runsUri('abc'), 'runs:/abc');
    assert.equal(runsUri('abc', '/model/MLmodel'), 'runs:/abc/model/MLmodel');
  });
});
