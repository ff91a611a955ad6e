import type { DatasetInput, Experiment, LoggedModel, LoggedModelMetric, Metric, MetricHistory, ModelVersion, RegisteredModel, Run, RunInfo } from '../../store/types';

// Domain objects as MLflow's REST answers carry them (protobuf's JSON mapping, as MLflow's
// message_to_json writes it): snake_case names, int64 as JSON numbers, NaN and ±Infinity as the
// strings "NaN", "Infinity", "-Infinity", unset fields and empty lists left out.

type Json = Record<string, unknown>;

export function doubleJson(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

/** Drops undefined, null and empty-list fields, as protobuf's JSON printer leaves them out. */
export function compact(o: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

export function keyValues(record: Record<string, string>): { key: string; value: string }[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

export function experimentJson(e: Experiment): Json {
  return compact({
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime,
    creation_time: e.creationTime,
    tags: keyValues(e.tags),
    workspace: 'default', // MLflow 3's workspaces: everything outside multi-workspace servers is in 'default'
  });
}

export function runInfoJson(i: RunInfo): Json {
  return compact({
    run_id: i.runId,
    run_uuid: i.runId, // deprecated in MLflow's proto, still sent by its server
    run_name: i.runName,
    experiment_id: i.experimentId,
    user_id: i.userId,
    status: i.status,
    start_time: i.startTime,
    end_time: i.endTime,
    artifact_uri: i.artifactUri,
    lifecycle_stage: i.lifecycleStage,
  });
}

export function metricJson(m: Metric): Json {
  return { key: m.key, value: doubleJson(m.value), timestamp: m.timestamp, step: m.step };
}

export function historyJson(h: MetricHistory, from: number, to: number): Json[] {
  const out: Json[] = [];
  for (let i = from; i < to; i++) out.push({ key: h.key, value: doubleJson(h.values[i]), timestamp: h.timestamps[i], step: h.steps[i] });
  return out;
}

function datasetInputJson(d: DatasetInput): Json {
  return compact({
    tags: keyValues(d.tags),
    dataset: compact({
      name: d.dataset.name,
      digest: d.dataset.digest,
      source_type: d.dataset.sourceType,
      source: d.dataset.source,
      schema: d.dataset.schema,
      profile: d.dataset.profile,
    }),
  });
}

/**
 * A run as MLflow answers it: `inputs` and `outputs` always there, empty objects when the run has
 * none, except that runs/create answers no `outputs` (pass `{ outputs: false }`).
 */
export function runJson(r: Run, opts: { outputs?: boolean } = {}): Json {
  return {
    info: runInfoJson(r.info),
    data: compact({ metrics: r.data.metrics.map(metricJson), params: keyValues(r.data.params), tags: keyValues(r.data.tags) }),
    inputs: compact({ dataset_inputs: r.inputs.datasetInputs.map(datasetInputJson), model_inputs: r.inputs.modelInputs?.map((m) => ({ model_id: m.modelId })) }),
    ...(opts.outputs !== false && { outputs: compact({ model_outputs: r.outputs.modelOutputs.map((o) => ({ model_id: o.modelId, step: o.step })) }) }),
  };
}

/**
 * A model version as MLflow writes it. MLflow fills `aliases` only where it looks them up (get,
 * get by alias, get-latest-versions, create); searches and a registered model's `latest_versions`
 * leave them out: pass `{ aliases: false }` there.
 */
export function modelVersionJson(v: ModelVersion, opts: { aliases?: boolean } = {}): Json {
  return compact({
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
    tags: keyValues(v.tags),
    run_link: v.runLink,
    aliases: opts.aliases === false ? undefined : v.aliases,
  });
}

/** `latestVersions`: the newest version in each stage, as MLflow puts them in a registered model (without their aliases). */
export function registeredModelJson(m: RegisteredModel, latestVersions: ModelVersion[]): Json {
  return compact({
    name: m.name,
    creation_timestamp: m.creationTime,
    last_updated_timestamp: m.lastUpdatedTime || undefined,
    description: m.description || undefined, // MLflow leaves an empty description out here (not in a model version)
    latest_versions: latestVersions.map((v) => modelVersionJson(v, { aliases: false })),
    tags: keyValues(m.tags),
    aliases: Object.entries(m.aliases).map(([alias, version]) => ({ alias, version })),
  });
}

const LOGGED_MODEL_STATUS = { PENDING: 'LOGGED_MODEL_PENDING', READY: 'LOGGED_MODEL_READY', FAILED: 'LOGGED_MODEL_UPLOAD_FAILED' } as const;

export function loggedModelJson(m: LoggedModel): Json {
  return {
    info: compact({
      model_id: m.modelId,
      experiment_id: m.experimentId,
      name: m.name,
      creation_timestamp_ms: m.creationTime,
      last_updated_timestamp_ms: m.lastUpdatedTime,
      artifact_uri: m.artifactLocation,
      status: LOGGED_MODEL_STATUS[m.status],
      model_type: m.modelType,
      source_run_id: m.sourceRunId,
      tags: keyValues(m.tags),
    }),
    data: compact({ params: keyValues(m.params), metrics: m.metrics.map(loggedModelMetricJson) }),
  };
}

function loggedModelMetricJson(m: LoggedModelMetric): Json {
  return compact({
    key: m.key, value: doubleJson(m.value), timestamp: m.timestamp, step: m.step, dataset_name: m.datasetName, dataset_digest: m.datasetDigest, model_id: m.modelId, run_id: m.runId,
  });
}

/** The status a client sends when finalizing a logged model, in the store's terms. */
export function loggedModelStatus(s: string | undefined): 'READY' | 'FAILED' | undefined {
  if (s === 'LOGGED_MODEL_READY') return 'READY';
  if (s === 'LOGGED_MODEL_UPLOAD_FAILED') return 'FAILED';
  return undefined;
}
