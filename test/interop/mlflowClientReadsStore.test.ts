import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import mlflowVersion from '../../src/core/store/mlflowVersion.json';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/core/store/embeddedStore';
import { MODEL, NON_FINITE_EXPERIMENT, prepareChurnStore, type ChurnStore } from './churnStore';
import { churnRuns } from './churnShape';
import { assertSameFields } from './fieldDiff';
import { readWithPythonClient, type PythonClientReading } from './pythonClient';
import { mlflowVenv } from './mlflowVenv';
import { readOurStore, type StoreReading } from './views';

// The real mlflow Python client (the pinned version) opening .mlops/mlflow.db directly, as a user
// does with mlflow.set_tracking_uri("sqlite:///.mlops/mlflow.db"): it must read what our store
// returns, field by field, and must not change the file.

const PYTHON = 'MLflow Python client';

describe('mlflow Python client over our store', () => {
  let fixture: ChurnStore | undefined;
  let store: EmbeddedStore | undefined;
  let ours: StoreReading;
  let theirs: PythonClientReading;
  let dbDigest: string;

  before(async () => {
    mlflowVenv(); // a missing venv fails here, before the pipeline runs
    fixture = await prepareChurnStore();
    dbDigest = sha256(fixture.dbFile);
    store = await openEmbeddedStore(fixture.storeDir, { readOnly: true });
    ours = await readOurStore(store, MODEL);
    theirs = readWithPythonClient(fixture.dbFile, MODEL);
  }, { timeout: 300_000 });

  after(async () => {
    await store?.close();
    fixture?.cleanup();
  });

  test('the pinned MLflow read the file', () => {
    assert.equal(theirs.mlflowVersion, mlflowVersion.mlflow);
  });

  test('experiments', () => {
    assertSameFields(byId(ours.experiments), byId(theirs.experiments), 'search_experiments', PYTHON);
  });

  test('churn runs: search order, info, params, tags, latest metrics and every history point', () => {
    const { experimentId } = churnRuns(ours);
    const theirRuns = theirs.runs[experimentId] ?? [];
    assert.deepEqual(theirRuns.map((r) => r.info.run_id), ours.runs[experimentId].map((r) => r.info.run_id), 'search_runs order');
    for (const run of ours.runs[experimentId]) {
      const theirRun = theirRuns.find((r) => r.info.run_id === run.info.run_id);
      assertSameFields(run, theirRun, `search_runs + get_metric_history, run ${run.info.run_name} (${run.info.run_id})`, PYTHON);
    }
  });

  test('NaN and ±Infinity metric values', () => {
    const experimentId = ours.experiments.find((e) => e.name === NON_FINITE_EXPERIMENT)!.experiment_id;
    assertSameFields(ours.runs[experimentId], theirs.runs[experimentId], 'search_runs + get_metric_history, non-finite run', PYTHON);
  });

  test('registry: registered model, model versions, aliases', () => {
    assertSameFields(ours.registeredModel, theirs.registeredModel, `get_registered_model ${MODEL}`, PYTHON);
    assertSameFields(ours.modelVersions, theirs.modelVersions, `get_model_version ${MODEL}`, PYTHON);
    assertSameFields(ours.aliases, theirs.aliases, `get_model_version_by_alias ${MODEL}`, PYTHON);
    assert.deepEqual(Object.keys(ours.aliases).sort(), ['challenger', 'champion']);
  });

  test('reading the database leaves its bytes unchanged', () => {
    assert.equal(sha256(fixture!.dbFile), dbDigest, `${fixture!.dbFile} changed while the Python client read it`);
  });
});

function byId<T extends { experiment_id: string }>(list: T[]): Record<string, T> {
  return Object.fromEntries(list.map((e) => [e.experiment_id, e]));
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
