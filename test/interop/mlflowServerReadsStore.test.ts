import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/core/store/embeddedStore';
import { MODEL, NON_FINITE_EXPERIMENT, NON_FINITE_HISTORIES, prepareChurnStore, type ChurnStore } from './churnStore';
import { churnRuns } from './churnShape';
import { assertSameFields } from './fieldDiff';
import { startMlflowServer, type MlflowServer } from './mlflowServer';
import { mlflowVenv } from './mlflowVenv';
import {
  restExperimentView, restModelVersionView, restRegisteredModelView, restRunView,
  type RestExperiment, type RestModelVersion, type RestRegisteredModel, type RestRun,
} from './restViews';
import { readOurStore, type StoreReading } from './views';

// The real `mlflow server` (the pinned version) over the .mlops/mlflow.db that `mlops run` wrote:
// every experiment, run, param, tag, metric point, model version and alias MLflow serves must be
// what our store returns, field by field; and serving must not change the file.

const MLFLOW = 'MLflow REST';

describe('mlflow server over our store', () => {
  let fixture: ChurnStore | undefined;
  let server: MlflowServer | undefined;
  let store: EmbeddedStore | undefined;
  let ours: StoreReading;
  let dbDigest: string;

  before(async () => {
    mlflowVenv(); // a missing venv fails here, before the pipeline runs
    fixture = await prepareChurnStore();
    dbDigest = sha256(fixture.dbFile);
    store = await openEmbeddedStore(fixture.storeDir, { readOnly: true });
    ours = await readOurStore(store, MODEL);
    server = await startMlflowServer(fixture.dbFile, fixture.artifactRoot);
  }, { timeout: 300_000 });

  after(async () => {
    await server?.stop();
    await store?.close();
    fixture?.cleanup();
  });

  test('experiments: search and get-by-name', async () => {
    const { experiments } = (await server!.get('experiments/search', { max_results: '1000' })) as { experiments: RestExperiment[] };
    assert.deepEqual(experiments.map((e) => e.experiment_id).sort(), ours.experiments.map((e) => e.experiment_id).sort(), 'experiment ids');
    for (const e of ours.experiments) {
      const theirs = experiments.find((x) => x.experiment_id === e.experiment_id)!;
      assertSameFields(e, restExperimentView(theirs), `experiments/search ${e.name}`, MLFLOW);
      const { experiment } = (await server!.get('experiments/get-by-name', { experiment_name: e.name })) as { experiment: RestExperiment };
      assertSameFields(e, restExperimentView(experiment), `experiments/get-by-name ${e.name}`, MLFLOW);
    }
    const churn = ours.experiments.find((e) => e.name === 'churn')!;
    assert.equal(churn.tags.team, 'interop', 'the experiment tag set through our store');
  });

  test('runs: search order, info, params, tags, latest metrics and every history point', async () => {
    const { experimentId } = churnRuns(ours);
    const answer = (await server!.post('runs/search', { experiment_ids: [experimentId], max_results: 1000 })) as { runs?: RestRun[]; next_page_token?: string };
    assert.equal(answer.next_page_token, undefined, 'one page of runs');
    const searched = answer.runs ?? [];
    assert.deepEqual(searched.map((r) => r.info.run_id), ours.runs[experimentId].map((r) => r.info.run_id), 'runs/search order (start_time DESC, then run_id)');
    for (const run of ours.runs[experimentId]) {
      const at = `run ${run.info.run_name} (${run.info.run_id})`;
      const fromSearch = searched.find((r) => r.info.run_id === run.info.run_id)!;
      assertSameFields(run, await restRunView(server!, fromSearch), `runs/search ${at}`, MLFLOW);
      const { run: fromGet } = (await server!.get('runs/get', { run_id: run.info.run_id })) as { run: RestRun };
      assertSameFields(run, await restRunView(server!, fromGet), `runs/get ${at}`, MLFLOW);
    }
  });

  test('registry: registered model, model versions, alias', async () => {
    const { stages } = churnRuns(ours);
    const { registered_model } = (await server!.get('registered-models/get', { name: MODEL })) as { registered_model: RestRegisteredModel };
    assertSameFields(ours.registeredModel, restRegisteredModelView(registered_model), `registered-models/get ${MODEL}`, MLFLOW);
    assert.deepEqual(ours.registeredModel.aliases, { champion: '1', challenger: '2' });
    for (const [version, mv] of Object.entries(ours.modelVersions)) {
      const { model_version } = (await server!.get('model-versions/get', { name: MODEL, version })) as { model_version: RestModelVersion };
      assertSameFields(mv, restModelVersionView(model_version), `model-versions/get ${MODEL} v${version}`, MLFLOW);
    }
    for (const [alias, mv] of Object.entries(ours.aliases)) {
      const { model_version } = (await server!.get('registered-models/alias', { name: MODEL, alias })) as { model_version: RestModelVersion };
      assertSameFields(mv, restModelVersionView(model_version), `registered-models/alias ${MODEL}@${alias}`, MLFLOW);
    }
    const champion = ours.aliases.champion;
    assert.equal(champion.version, '1');
    assert.equal(champion.current_stage, 'Staging');
    assert.equal(champion.run_id, stages.train.info.run_id);
    assert.equal(champion.source, `${stages.train.info.artifact_uri}/model`);
    assert.equal(
      ours.registeredModel.last_updated_timestamp,
      champion.last_updated_timestamp,
      "the stage transition (the last registry write) sets the registered model's last_updated_timestamp too, as MLflow's transition_model_version_stage does",
    );
  });

  // MLflow 3.17 stores NaN as 0 with is_nan and serves it as the JSON string "NaN"; it stores ±inf
  // as ±1.7976931348623157e308 (sanitize_metric_value) and serves that number as is: its
  // SqlMetric.to_mlflow_entity maps is_nan back, never the largest double.
  test('NaN and ±Infinity metric values: MLflow serves what our store returns', async () => {
    const experimentId = ours.experiments.find((e) => e.name === NON_FINITE_EXPERIMENT)!.experiment_id;
    const [run] = ours.runs[experimentId];
    for (const [key, logged] of Object.entries(NON_FINITE_HISTORIES)) {
      const asMlflowReadsBack = logged.map((v) => (v === Infinity ? Number.MAX_VALUE : v === -Infinity ? -Number.MAX_VALUE : v));
      assertSameFields(asMlflowReadsBack, run.histories[key].map((p) => p.value), `our store, ${key} as MLflow reads it back`, 'logged');
    }
    const { run: raw } = (await server!.get('runs/get', { run_id: run.info.run_id })) as { run: RestRun };
    const problems: string[] = [];
    for (const key of Object.keys(NON_FINITE_HISTORIES)) {
      const answer = (await server!.get('metrics/get-history', { run_id: run.info.run_id, metric_key: key })) as { metrics: RestRun['data']['metrics'] };
      const served = (answer.metrics ?? []).map((m) => m.value);
      problems.push(...servedMismatches(run.histories[key].map((p) => p.value), served, `metrics/get-history ${key}`));
      const latest = raw.data.metrics?.find((m) => m.key === key);
      problems.push(...servedMismatches([run.metrics[key].value], [latest?.value], `runs/get latest ${key}`));
    }
    if (problems.length > 0) assert.fail(`${problems.length} metric value(s) differ from what MLflow serves:\n  ${problems.join('\n  ')}`);
    assertSameFields(run, await restRunView(server!, raw), `runs/get non-finite run`, MLFLOW);
  });

  test('serving the database leaves its bytes unchanged', async () => {
    await server!.stop();
    assert.equal(sha256(fixture!.dbFile), dbDigest, `${fixture!.dbFile} changed while MLflow served it`);
  });
});

/** Compares each of our values with MLflow's JSON value as served, showing the JSON form. */
function servedMismatches(ours: number[], served: unknown[], at: string): string[] {
  const out = ours.length === served.length ? [] : [`${at}: ours has ${ours.length} points, MLflow serves ${served.length}`];
  ours.forEach((value, i) => {
    const json = served[i];
    const decoded = json === 'NaN' ? NaN : json === 'Infinity' ? Infinity : json === '-Infinity' ? -Infinity : json;
    if (!Object.is(value, decoded)) out.push(`${at}[${i}]: ours ${value}, MLflow serves ${JSON.stringify(json)}`);
  });
  return out;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
