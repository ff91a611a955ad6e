import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Metric, Run, TrackingStore } from '../../../src/core/store/types';

// What scripts/gen-mlflow-data-fixtures.py logged into every fixture (test/fixtures/mlflowData/
// scenario.json), and one check that a store opened on a fixture reads back exactly that.

export const fixtures = path.join(__dirname, '../../fixtures/mlflowData');

interface ScenarioMetric {
  key: string;
  value: number | 'NaN';
  timestamp: number;
  step: number;
}
interface ScenarioRun {
  name: string;
  parent?: string;
  startTime: number;
  endTime: number;
  status: string;
  deleted?: boolean;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: ScenarioMetric[];
  datasets?: { name: string; digest: string; sourceType: string; source: string; schema: string; profile: string; tags: Record<string, string> }[];
}
export interface Scenario {
  experiments: { name: string; deleted?: boolean; tags: Record<string, string>; runs: ScenarioRun[] }[];
  loggedModels: { experiment: string; name: string; run: string; modelType: string; params: Record<string, string>; tags: Record<string, string>; status: string; metrics: ScenarioMetric[] }[];
  registeredModels: {
    name: string;
    description: string;
    tags: Record<string, string>;
    versions: { run: string; description: string; tags: Record<string, string>; stage?: string; deleted?: boolean }[];
    aliases: Record<string, string>;
  }[];
}

export const scenario = JSON.parse(readFileSync(path.join(fixtures, 'scenario.json'), 'utf8')) as Scenario;

const num = (v: number | 'NaN') => (v === 'NaN' ? NaN : v);

/** Every point a run holds: its own, and those logged against a logged model it produced. */
function pointsOf(run: ScenarioRun): ScenarioMetric[] {
  return [...run.metrics, ...scenario.loggedModels.filter((m) => m.run === run.name).flatMap((m) => m.metrics)];
}

/** Checks that `store` holds the scenario, as MLflow's own client would read it back. MLflow deletes an experiment's runs with it. */
export async function expectScenario(store: TrackingStore): Promise<Map<string, Run>> {
  const runDeleted = (exp: Scenario['experiments'][number], run: ScenarioRun) => !!run.deleted || !!exp.deleted;
  const active = await store.searchExperiments();
  assert.deepEqual(active.map((e) => e.name).sort(), ['Default', ...scenario.experiments.filter((e) => !e.deleted).map((e) => e.name)].sort());
  const all = await store.searchExperiments({ viewType: 'ALL' });
  assert.deepEqual(all.map((e) => e.name).sort(), ['Default', ...scenario.experiments.map((e) => e.name)].sort());

  const runs = new Map<string, Run>();
  for (const exp of scenario.experiments) {
    const experiment = all.find((e) => e.name === exp.name)!;
    assert.equal(experiment.lifecycleStage, exp.deleted ? 'deleted' : 'active', exp.name);
    for (const [k, v] of Object.entries(exp.tags)) assert.equal(experiment.tags[k], v, `${exp.name} tag ${k}`);
    assert.deepEqual(await store.getExperimentByName(exp.name), experiment);

    const found = (await store.searchRuns({ experimentIds: [experiment.experimentId], viewType: 'ALL' })).items;
    assert.deepEqual(found.map((r) => r.info.runName).sort(), exp.runs.map((r) => r.name).sort(), `runs of ${exp.name}`);
    const activeOnly = (await store.searchRuns({ experimentIds: [experiment.experimentId] })).items;
    assert.deepEqual(activeOnly.map((r) => r.info.runName).sort(), exp.runs.filter((r) => !runDeleted(exp, r)).map((r) => r.name).sort());
    for (const r of found) runs.set(r.info.runName, r);
  }

  for (const exp of scenario.experiments) {
    for (const expected of exp.runs) {
      const run = runs.get(expected.name)!;
      const got = await store.getRun(run.info.runId);
      assert.deepEqual({ info: got.info, data: got.data }, { info: run.info, data: run.data }, 'getRun and searchRuns agree');
      assert.equal(run.info.status, expected.status, expected.name);
      assert.equal(run.info.startTime, expected.startTime);
      assert.equal(run.info.endTime, expected.endTime);
      assert.equal(run.info.lifecycleStage, runDeleted(exp, expected) ? 'deleted' : 'active');
      assert.deepEqual(run.data.params, expected.params, `params of ${expected.name}`);
      const tags = { ...expected.tags, 'mlflow.runName': expected.name, ...(expected.parent && { 'mlflow.parentRunId': runs.get(expected.parent)!.info.runId }) };
      for (const [k, v] of Object.entries(tags)) assert.equal(run.data.tags[k], v, `${expected.name} tag ${k}`);

      const points = pointsOf(expected);
      const keys = [...new Set(points.map((p) => p.key))].sort();
      assert.deepEqual(run.data.metrics.map((m) => m.key), keys, `metric keys of ${expected.name}`);
      for (const key of keys) {
        const history = points.filter((p) => p.key === key).sort((a, b) => a.timestamp - b.timestamp || a.step - b.step);
        const latest = [...history].sort((a, b) => b.step - a.step || b.timestamp - a.timestamp)[0];
        assertPoint(run.data.metrics.find((m) => m.key === key)!, latest);
        const stored = await store.getMetricHistory(run.info.runId, key);
        assert.deepEqual([...stored.steps], history.map((p) => p.step), `${expected.name} ${key} steps`);
        assert.deepEqual([...stored.timestamps], history.map((p) => p.timestamp));
        assert.deepEqual([...stored.values], history.map((p) => num(p.value)), `${expected.name} ${key} values`);
      }

      const datasets = expected.datasets ?? [];
      assert.deepEqual(
        run.inputs.datasetInputs.map((d) => ({ ...d.dataset, tags: d.tags })),
        datasets.map(({ tags, ...dataset }) => ({ ...dataset, tags })),
        `inputs of ${expected.name}`,
      );
    }
  }

  const { items: models } = await store.searchRegisteredModels();
  assert.deepEqual(models.map((m) => m.name), scenario.registeredModels.map((m) => m.name).sort());
  for (const expected of scenario.registeredModels) {
    const model = await store.getRegisteredModel(expected.name);
    assert.equal(model.description, expected.description);
    assert.deepEqual(model.tags, expected.tags);
    assert.deepEqual(model.aliases, expected.aliases);
    const versions = await store.searchModelVersions({ name: expected.name });
    const kept = expected.versions.map((v, i) => ({ ...v, version: String(i + 1) })).filter((v) => !v.deleted);
    assert.deepEqual(versions.map((v) => v.version), kept.map((v) => v.version).reverse(), `versions of ${expected.name}`);
    for (const v of kept) {
      const mv = await store.getModelVersion(expected.name, v.version);
      assert.equal(mv.runId, runs.get(v.run)!.info.runId);
      assert.equal(mv.source, `${runs.get(v.run)!.info.artifactUri}/model`);
      assert.equal(mv.currentStage, v.stage ?? 'None');
      assert.equal(mv.description, v.description);
      assert.deepEqual(mv.tags, v.tags);
      assert.deepEqual(mv.aliases, Object.keys(expected.aliases).filter((a) => expected.aliases[a] === v.version).sort());
    }
    for (const [alias, version] of Object.entries(expected.aliases)) {
      assert.equal((await store.getModelVersionByAlias(expected.name, alias)).version, version);
    }
  }
  return runs;
}

/** Checks a logged model against the scenario's one. */
export async function expectLoggedModel(store: TrackingStore, modelId: string, runs: Map<string, Run>): Promise<void> {
  const [expected] = scenario.loggedModels;
  const model = await store.getLoggedModel(modelId);
  const experiment = (await store.getExperimentByName(expected.experiment))!;
  assert.equal(model.name, expected.name);
  assert.equal(model.experimentId, experiment.experimentId);
  assert.equal(model.sourceRunId, runs.get(expected.run)!.info.runId);
  assert.equal(model.modelType, expected.modelType);
  assert.equal(model.status, expected.status);
  assert.deepEqual(model.params, expected.params);
  for (const [k, v] of Object.entries(expected.tags)) assert.equal(model.tags[k], v);
}

function assertPoint(actual: Metric, expected: ScenarioMetric): void {
  assert.equal(actual.step, expected.step);
  assert.equal(actual.timestamp, expected.timestamp);
  assert.deepEqual(actual.value, num(expected.value), `latest ${expected.key}`);
}

/** A digest of every file under `root` (or of the file), with its path: equal before and after means untouched. */
export function digestOf(root: string): string {
  const hash = createHash('sha256');
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    } else {
      hash.update(path.relative(root, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(root);
  return hash.digest('hex');
}
