import type {
  DatasetInput, Experiment, LifecycleStage, LoggedMetric, LoggedModel, LoggedModelMetric, Metric, ModelStage, ModelVersion, RegisteredModel, Run, RunInfo, RunStatus,
} from '../../store/types';

// MLflow's REST JSON (protobuf's JSON mapping of service.proto and model_registry.proto, snake_case)
// to the store's domain types and back. Protobuf leaves out fields at their default, and may write
// int64 as strings and non-finite doubles as "NaN"/"Infinity"/"-Infinity", so every reader here
// tolerates a missing field (the default below) and a number given as a string.

export interface KeyValueJson {
  key?: string;
  value?: string;
}

export interface ExperimentJson {
  experiment_id?: string;
  name?: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number | string;
  last_update_time?: number | string;
  tags?: KeyValueJson[];
}

export interface RunInfoJson {
  run_id?: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id?: string;
  user_id?: string;
  status?: string;
  start_time?: number | string;
  end_time?: number | string;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface MetricJson {
  key?: string;
  value?: number | string;
  timestamp?: number | string;
  step?: number | string;
  model_id?: string;
  run_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
}

export interface DatasetInputJson {
  tags?: KeyValueJson[];
  dataset?: { name?: string; digest?: string; source_type?: string; source?: string; schema?: string; profile?: string };
}

export interface RunJson {
  info?: RunInfoJson;
  data?: { metrics?: MetricJson[]; params?: KeyValueJson[]; tags?: KeyValueJson[] };
  inputs?: { dataset_inputs?: DatasetInputJson[]; model_inputs?: { model_id?: string }[] };
  outputs?: { model_outputs?: { model_id?: string; step?: number | string }[] };
}

export interface RegisteredModelJson {
  name?: string;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  description?: string;
  tags?: KeyValueJson[];
  aliases?: { alias?: string; version?: string }[];
}

export interface ModelVersionJson {
  name?: string;
  version?: string | number;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  run_link?: string;
  tags?: KeyValueJson[];
  aliases?: string[];
}

export interface LoggedModelJson {
  info?: {
    model_id?: string;
    experiment_id?: string;
    name?: string;
    creation_timestamp_ms?: number | string;
    last_updated_timestamp_ms?: number | string;
    artifact_uri?: string;
    status?: string;
    model_type?: string;
    source_run_id?: string;
    tags?: KeyValueJson[];
  };
  data?: { params?: KeyValueJson[]; metrics?: MetricJson[] };
}

/** A JSON number as MLflow writes it: a number, or a string for int64 and non-finite doubles. */
export function decodeNumber(v: unknown, fallback = 0): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = Number(v);
    if (v.trim() !== '' && !Number.isNaN(n)) return n;
  }
  return fallback;
}

/** A double for a request body: JSON has no NaN or infinities, protobuf's mapping spells them as strings. */
export function encodeDouble(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

export function toRecord(pairs: KeyValueJson[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of pairs ?? []) if (key !== undefined) out[key] = value ?? '';
  return out;
}

export function toPairs(record: Record<string, string> | undefined): { key: string; value: string }[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
}

export function toExperiment(e: ExperimentJson): Experiment {
  return {
    experimentId: String(e.experiment_id ?? ''),
    name: e.name ?? '',
    artifactLocation: e.artifact_location ?? '',
    lifecycleStage: (e.lifecycle_stage ?? 'active') as LifecycleStage,
    creationTime: decodeNumber(e.creation_time),
    lastUpdateTime: decodeNumber(e.last_update_time),
    tags: toRecord(e.tags),
  };
}

export function toRunInfo(i: RunInfoJson): RunInfo {
  return {
    runId: i.run_id ?? i.run_uuid ?? '',
    runName: i.run_name ?? '',
    experimentId: String(i.experiment_id ?? ''),
    userId: i.user_id ?? '',
    status: (i.status ?? 'RUNNING') as RunStatus,
    startTime: decodeNumber(i.start_time),
    endTime: i.end_time === undefined || i.end_time === null ? null : decodeNumber(i.end_time),
    artifactUri: i.artifact_uri ?? '',
    lifecycleStage: (i.lifecycle_stage ?? 'active') as LifecycleStage,
  };
}

export function toMetric(m: MetricJson): Metric {
  return { key: m.key ?? '', value: decodeNumber(m.value), timestamp: decodeNumber(m.timestamp), step: decodeNumber(m.step) };
}

export function fromMetric(m: LoggedMetric): MetricJson {
  return {
    key: m.key, value: encodeDouble(m.value), timestamp: m.timestamp, step: m.step ?? 0,
    ...(m.modelId && { model_id: m.modelId }), ...(m.datasetName && { dataset_name: m.datasetName }), ...(m.datasetDigest && { dataset_digest: m.datasetDigest }),
  };
}

function toDatasetInput(d: DatasetInputJson): DatasetInput {
  const ds = d.dataset ?? {};
  return {
    dataset: {
      name: ds.name ?? '',
      digest: ds.digest ?? '',
      sourceType: ds.source_type ?? '',
      source: ds.source ?? '',
      ...(ds.schema !== undefined && { schema: ds.schema }),
      ...(ds.profile !== undefined && { profile: ds.profile }),
    },
    tags: toRecord(d.tags),
  };
}

export function fromDatasetInput(d: DatasetInput): DatasetInputJson {
  const { name, digest, sourceType, source, schema, profile } = d.dataset;
  return { tags: toPairs(d.tags), dataset: { name, digest, source_type: sourceType, source, schema, profile } };
}

/** Metrics, params and tags sorted by key, as the embedded store reads them. */
export function toRun(r: RunJson): Run {
  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    info: toRunInfo(r.info ?? {}),
    data: {
      metrics: (r.data?.metrics ?? []).map(toMetric).sort(byKey),
      params: toRecord(r.data?.params),
      tags: toRecord(r.data?.tags),
    },
    inputs: {
      datasetInputs: (r.inputs?.dataset_inputs ?? []).map(toDatasetInput),
      ...(r.inputs?.model_inputs && { modelInputs: r.inputs.model_inputs.map((m) => ({ modelId: m.model_id ?? '' })) }),
    },
    outputs: { modelOutputs: (r.outputs?.model_outputs ?? []).map((m) => ({ modelId: m.model_id ?? '', step: decodeNumber(m.step) })) },
  };
}

export function toRegisteredModel(m: RegisteredModelJson): RegisteredModel {
  const aliases: Record<string, string> = {};
  for (const { alias, version } of m.aliases ?? []) if (alias !== undefined) aliases[alias] = String(version ?? '');
  return {
    name: m.name ?? '',
    creationTime: decodeNumber(m.creation_timestamp),
    lastUpdatedTime: decodeNumber(m.last_updated_timestamp),
    description: m.description ?? '',
    tags: toRecord(m.tags),
    aliases,
  };
}

export function toModelVersion(v: ModelVersionJson): ModelVersion {
  return {
    name: v.name ?? '',
    version: String(v.version ?? ''),
    creationTime: decodeNumber(v.creation_timestamp),
    lastUpdatedTime: decodeNumber(v.last_updated_timestamp),
    description: v.description ?? '',
    userId: v.user_id ?? null,
    currentStage: (v.current_stage ?? 'None') as ModelStage,
    source: v.source ?? '',
    runId: v.run_id ?? '',
    status: (v.status ?? 'READY') as ModelVersion['status'],
    runLink: v.run_link ?? '',
    tags: toRecord(v.tags),
    aliases: [...(v.aliases ?? [])].sort(),
  };
}

const LOGGED_MODEL_STATUS: Record<string, LoggedModel['status']> = {
  LOGGED_MODEL_PENDING: 'PENDING',
  LOGGED_MODEL_READY: 'READY',
  LOGGED_MODEL_UPLOAD_FAILED: 'FAILED',
};

export const LOGGED_MODEL_STATUS_JSON: Record<'READY' | 'FAILED', string> = { READY: 'LOGGED_MODEL_READY', FAILED: 'LOGGED_MODEL_UPLOAD_FAILED' };

export function toLoggedModel(m: LoggedModelJson): LoggedModel {
  const i = m.info ?? {};
  return {
    modelId: i.model_id ?? '',
    experimentId: String(i.experiment_id ?? ''),
    name: i.name ?? '',
    artifactLocation: i.artifact_uri ?? '',
    creationTime: decodeNumber(i.creation_timestamp_ms),
    lastUpdatedTime: decodeNumber(i.last_updated_timestamp_ms),
    sourceRunId: i.source_run_id || null,
    status: LOGGED_MODEL_STATUS[i.status ?? ''] ?? 'PENDING',
    modelType: i.model_type || null,
    params: toRecord(m.data?.params),
    tags: toRecord(i.tags),
    metrics: (m.data?.metrics ?? []).map(toLoggedModelMetric),
  };
}

function toLoggedModelMetric(m: MetricJson): LoggedModelMetric {
  return {
    ...toMetric(m),
    modelId: m.model_id ?? '',
    runId: m.run_id ?? '',
    ...(m.dataset_name && { datasetName: m.dataset_name }),
    ...(m.dataset_digest && { datasetDigest: m.dataset_digest }),
  };
}
