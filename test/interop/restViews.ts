import type { MlflowServer } from './mlflowServer';
import { decodeDouble, type ExperimentView, type ModelVersionView, type PointView, type RegisteredModelView, type RunView } from './views';

// MLflow's REST answers (protobuf's JSON mapping, snake_case) as views. A field MLflow leaves out
// stays undefined, so the comparison reports it as absent; the one exception is a run's end_time,
// which MLflow omits while a run has not ended (our store: null).

interface KeyValue {
  key: string;
  value: string;
}

export interface RestExperiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  tags?: KeyValue[];
}

interface RestMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

export interface RestRun {
  info: {
    run_id: string;
    run_name: string;
    experiment_id: string;
    status: string;
    start_time: number;
    end_time?: number;
    lifecycle_stage: string;
    artifact_uri: string;
    user_id: string;
  };
  data: { metrics?: RestMetric[]; params?: KeyValue[]; tags?: KeyValue[] };
}

export interface RestRegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  tags?: KeyValue[];
  aliases?: { alias: string; version: string }[];
}

export interface RestModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: KeyValue[];
  aliases?: string[];
}

export function restExperimentView(e: RestExperiment): ExperimentView {
  return {
    experiment_id: e.experiment_id,
    name: e.name,
    artifact_location: e.artifact_location,
    lifecycle_stage: e.lifecycle_stage,
    creation_time: e.creation_time,
    last_update_time: e.last_update_time,
    tags: record(e.tags),
  };
}

export async function restRunView(server: MlflowServer, run: RestRun): Promise<RunView> {
  const i = run.info;
  const metrics: Record<string, PointView> = {};
  const histories: Record<string, PointView[]> = {};
  for (const m of run.data.metrics ?? []) {
    metrics[m.key] = point(m, `runs/${i.run_id}/metrics.${m.key}`);
    histories[m.key] = await restMetricHistory(server, i.run_id, m.key);
  }
  return {
    info: {
      run_id: i.run_id,
      run_name: i.run_name,
      experiment_id: i.experiment_id,
      status: i.status,
      start_time: i.start_time,
      end_time: i.end_time ?? null,
      lifecycle_stage: i.lifecycle_stage,
      artifact_uri: i.artifact_uri,
      user_id: i.user_id,
    },
    params: record(run.data.params),
    tags: record(run.data.tags),
    metrics,
    histories,
  };
}

/** Every point of one metric, following next_page_token if MLflow pages. */
export async function restMetricHistory(server: MlflowServer, runId: string, key: string): Promise<PointView[]> {
  const points: PointView[] = [];
  let pageToken: string | undefined;
  do {
    const page = (await server.get('metrics/get-history', { run_id: runId, metric_key: key, ...(pageToken && { page_token: pageToken }) })) as {
      metrics?: RestMetric[];
      next_page_token?: string;
    };
    for (const m of page.metrics ?? []) points.push(point(m, `metrics/get-history ${runId} ${key}[${points.length}]`));
    pageToken = page.next_page_token;
  } while (pageToken);
  return points;
}

export function restRegisteredModelView(m: RestRegisteredModel): RegisteredModelView {
  return {
    name: m.name,
    creation_timestamp: m.creation_timestamp,
    last_updated_timestamp: m.last_updated_timestamp,
    description: m.description as string,
    tags: record(m.tags),
    aliases: Object.fromEntries((m.aliases ?? []).map((a) => [a.alias, a.version])),
  };
}

export function restModelVersionView(v: RestModelVersion): ModelVersionView {
  return {
    name: v.name,
    version: v.version,
    creation_timestamp: v.creation_timestamp,
    last_updated_timestamp: v.last_updated_timestamp,
    user_id: v.user_id ?? null, // MLflow's REST server leaves null fields out
    current_stage: v.current_stage as string,
    description: v.description as string,
    source: v.source as string,
    run_id: v.run_id as string,
    status: v.status as string,
    tags: record(v.tags),
    aliases: [...(v.aliases ?? [])].sort(),
  };
}

function point(m: RestMetric, field: string): PointView {
  return { value: decodeDouble(m.value, field), timestamp: m.timestamp, step: m.step };
}

function record(pairs: KeyValue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { key, value } of pairs ?? []) {
    if (key in out) throw new Error(`MLflow listed key ${key} twice`);
    out[key] = value;
  }
  return out;
}
