import type { EmbeddedStore } from '../../src/core/store/embeddedStore';
import type { Experiment, ModelVersion, RegisteredModel, Run } from '../../src/core/store/types';

// One shape, in MLflow's field names, for what each reader returns: our store, MLflow's REST API,
// MLflow's Python client. Comparing two of them field by field names the field that disagrees.
// Sets (tags, params, aliases) become records or sorted lists; nothing else is normalized.

export interface ExperimentView {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  tags: Record<string, string>;
}

export interface PointView {
  value: number;
  timestamp: number;
  step: number;
}

export interface RunView {
  info: {
    run_id: string;
    run_name: string;
    experiment_id: string;
    status: string;
    start_time: number;
    end_time: number | null;
    lifecycle_stage: string;
    artifact_uri: string;
    user_id: string;
  };
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Each key's latest point. */
  metrics: Record<string, PointView>;
  /** Each key's every point, in the reader's order. */
  histories: Record<string, PointView[]>;
}

export interface RegisteredModelView {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
  tags: Record<string, string>;
  aliases: Record<string, string>;
}

export interface ModelVersionView {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id: string | null;
  current_stage: string;
  description: string;
  source: string;
  run_id: string;
  status: string;
  tags: Record<string, string>;
  aliases: string[];
}

/** Everything one reader sees in a store: active experiments, their runs in search order, one registered model. */
export interface StoreReading {
  experiments: ExperimentView[];
  /** Runs per experiment id, in search order (MLflow's default: start_time DESC, then run_id). */
  runs: Record<string, RunView[]>;
  registeredModel: RegisteredModelView;
  modelVersions: Record<string, ModelVersionView>;
  aliases: Record<string, ModelVersionView>;
}

/** What our store returns, read through its TrackingStore API. */
export async function readOurStore(store: EmbeddedStore, modelName: string): Promise<StoreReading> {
  const experiments = await store.searchExperiments();
  const runs: Record<string, RunView[]> = {};
  for (const e of experiments) {
    const page = await store.searchRuns({ experimentIds: [e.experimentId], maxResults: 1000 });
    if (page.nextPageToken) throw new Error(`experiment ${e.name} has more than 1000 runs`);
    runs[e.experimentId] = await Promise.all(page.items.map((r) => runView(store, r)));
  }
  const model = await store.getRegisteredModel(modelName);
  const aliases: Record<string, ModelVersionView> = {};
  for (const alias of Object.keys(model.aliases)) aliases[alias] = modelVersionView(await store.getModelVersionByAlias(modelName, alias));
  return {
    experiments: experiments.map(experimentView),
    runs,
    registeredModel: registeredModelView(model),
    modelVersions: Object.fromEntries((await store.searchModelVersions({ name: modelName })).map((v) => [v.version, modelVersionView(v)])),
    aliases,
  };
}

export function experimentView(e: Experiment): ExperimentView {
  return {
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    creation_time: e.creationTime,
    last_update_time: e.lastUpdateTime,
    tags: { ...e.tags },
  };
}

export async function runView(store: EmbeddedStore, run: Run): Promise<RunView> {
  const histories: Record<string, PointView[]> = {};
  for (const { key } of run.data.metrics) {
    const h = await store.getMetricHistory(run.info.runId, key);
    histories[key] = Array.from(h.values, (value, i) => ({ value, timestamp: h.timestamps[i], step: h.steps[i] }));
  }
  const i = run.info;
  return {
    info: {
      run_id: i.runId,
      run_name: i.runName,
      experiment_id: i.experimentId,
      status: i.status,
      start_time: i.startTime,
      end_time: i.endTime,
      lifecycle_stage: i.lifecycleStage,
      artifact_uri: i.artifactUri,
      user_id: i.userId,
    },
    params: { ...run.data.params },
    tags: { ...run.data.tags },
    metrics: Object.fromEntries(run.data.metrics.map((m) => [m.key, { value: m.value, timestamp: m.timestamp, step: m.step }])),
    histories,
  };
}

export function registeredModelView(m: RegisteredModel): RegisteredModelView {
  return {
    name: m.name,
    creation_timestamp: m.creationTime,
    last_updated_timestamp: m.lastUpdatedTime,
    description: m.description,
    tags: { ...m.tags },
    aliases: { ...m.aliases },
  };
}

export function modelVersionView(v: ModelVersion): ModelVersionView {
  return {
    name: v.name,
    version: v.version,
    creation_timestamp: v.creationTime,
    last_updated_timestamp: v.lastUpdatedTime,
    user_id: v.userId,
    current_stage: v.currentStage,
    description: v.description,
    source: v.source,
    run_id: v.runId,
    status: v.status,
    tags: { ...v.tags },
    aliases: [...v.aliases].sort(),
  };
}

/**
 * A double as MLflow's JSON carries it: a number, or (protobuf's JSON mapping, which MLflow's REST
 * API and our Python reader both follow) the strings "NaN", "Infinity", "-Infinity".
 */
export function decodeDouble(v: unknown, field: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  throw new Error(`${field}: expected a number or "NaN"/"Infinity"/"-Infinity", got ${JSON.stringify(v)}`);
}
