import type { SqlValue } from 'sql.js';
import type { SqlRunner } from './sqlRunner';
import type {
  DatasetInput, Experiment, LifecycleStage, LoggedModel, LoggedModelMetric, Metric, ModelOutput, ModelStage, ModelVersion, RegisteredModel, Run, RunInfo,
  RunStatus, ViewType,
} from './types';

// Reading entities out of MLflow's tables. Pure queries; no writes.

/**
 * A stored metric value as MLflow reads it back: NaN (stored as 0 with is_nan) is NaN again, while
 * ±inf, stored as ±max double, stays ±max double, as MLflow's own store and server return it.
 */
export function storedToNumber(value: number, isNan: number): number {
  return isNan ? NaN : value;
}

export function lifecycleFilter(viewType: ViewType | undefined): string {
  if (viewType === 'ALL') return "IN ('active', 'deleted')";
  if (viewType === 'DELETED_ONLY') return "= 'deleted'";
  return "= 'active'";
}

const EXPERIMENT_COLUMNS = 'experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time';

export function readExperiments(sql: SqlRunner, where: string, params: SqlValue[]): Experiment[] {
  const rows = sql.rows<[number, string, string, string, number, number]>(`SELECT ${EXPERIMENT_COLUMNS} FROM experiments WHERE ${where} ORDER BY experiment_id`, params);
  return rows.map(([id, name, artifactLocation, stage, creationTime, lastUpdateTime]) => ({
    experimentId: String(id),
    name,
    artifactLocation,
    lifecycleStage: stage as LifecycleStage,
    creationTime,
    lastUpdateTime,
    tags: pairs(sql.rows('SELECT key, value FROM experiment_tags WHERE experiment_id = ?', [id])),
  }));
}

export const RUN_COLUMNS = 'run_uuid, name, experiment_id, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage';

export function readRunInfo(sql: SqlRunner, runId: string): RunInfo | undefined {
  const row = sql.row<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_uuid = ?`, [runId]);
  return row && toRunInfo(row);
}

export type RunRow = [string, string | null, number, string | null, string, number, number | null, string, string];

export function toRunInfo([runId, name, experimentId, userId, status, startTime, endTime, artifactUri, stage]: RunRow): RunInfo {
  return {
    runId,
    runName: name ?? '',
    experimentId: String(experimentId),
    userId: userId ?? '',
    status: status as RunStatus,
    startTime,
    endTime,
    artifactUri,
    lifecycleStage: stage as LifecycleStage,
  };
}

/** A run as MLflow's get_run answers it; `modelInputs` only when asked, since MLflow's search leaves them out. */
export function readRun(sql: SqlRunner, runId: string, opts: { modelInputs?: boolean } = {}): Run | undefined {
  const info = readRunInfo(sql, runId);
  if (!info) return undefined;
  const metrics: Metric[] = sql
    .rows<[string, number, number, number, number]>('SELECT key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid = ? ORDER BY key', [runId])
    .map(([key, value, timestamp, step, isNan]) => ({ key, value: storedToNumber(value, isNan), timestamp, step }));
  return {
    info,
    data: {
      metrics,
      params: pairs(sql.rows('SELECT key, value FROM params WHERE run_uuid = ? ORDER BY key', [runId])),
      tags: pairs(sql.rows('SELECT key, value FROM tags WHERE run_uuid = ? ORDER BY key', [runId])),
    },
    inputs: opts.modelInputs ? { datasetInputs: readDatasetInputs(sql, runId), modelInputs: readModelInputs(sql, runId) } : { datasetInputs: readDatasetInputs(sql, runId) },
    outputs: { modelOutputs: readModelOutputs(sql, runId) },
  };
}

/** The logged models a run produced, ordered as MLflow reads them (through the inputs table's key: by model id). */
export function readModelOutputs(sql: SqlRunner, runId: string): ModelOutput[] {
  return sql
    .rows<[string, number]>("SELECT destination_id, step FROM inputs WHERE source_type = 'RUN_OUTPUT' AND source_id = ? AND destination_type = 'MODEL_OUTPUT' ORDER BY destination_id", [runId])
    .map(([modelId, step]) => ({ modelId, step }));
}

function readModelInputs(sql: SqlRunner, runId: string): { modelId: string }[] {
  return sql
    .rows<[string]>("SELECT destination_id FROM inputs WHERE source_type = 'RUN_INPUT' AND source_id = ? AND destination_type = 'MODEL_INPUT' ORDER BY destination_id", [runId])
    .map(([modelId]) => ({ modelId }));
}

function readDatasetInputs(sql: SqlRunner, runId: string): DatasetInput[] {
  const rows = sql.rows<[string, string, string, string, string, string | null, string | null]>(
    `SELECT i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile
     FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
     WHERE i.destination_type = 'RUN' AND i.destination_id = ? AND i.source_type = 'DATASET' ORDER BY d.name`,
    [runId],
  );
  return rows.map(([inputUuid, name, digest, sourceType, source, schema, profile]) => ({
    dataset: { name, digest, sourceType, source, ...(schema != null && { schema }), ...(profile != null && { profile }) },
    tags: pairs(sql.rows('SELECT name, value FROM input_tags WHERE input_uuid = ?', [inputUuid])),
  }));
}

export function readRegisteredModel(sql: SqlRunner, name: string): RegisteredModel | undefined {
  const row = sql.row<[string, number, number, string | null]>(
    "SELECT name, creation_time, last_updated_time, description FROM registered_models WHERE workspace = 'default' AND name = ?",
    [name],
  );
  if (!row) return undefined;
  return {
    name: row[0],
    creationTime: row[1],
    lastUpdatedTime: row[2],
    description: row[3] ?? '',
    tags: pairs(sql.rows("SELECT key, value FROM registered_model_tags WHERE workspace = 'default' AND name = ?", [name])),
    aliases: Object.fromEntries(
      sql.rows<[string, number]>("SELECT alias, version FROM registered_model_aliases WHERE workspace = 'default' AND name = ? ORDER BY alias", [name]).map(([a, v]) => [a, String(v)]),
    ),
  };
}

export function readModelVersion(sql: SqlRunner, name: string, version: number): ModelVersion | undefined {
  const row = sql.row<[string, number, number, number, string | null, string | null, string | null, string | null, string | null, string | null, string | null]>(
    `SELECT name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, status, run_link
     FROM model_versions WHERE workspace = 'default' AND name = ? AND version = ?`,
    [name, version],
  );
  if (!row) return undefined;
  return {
    name: row[0],
    version: String(row[1]),
    creationTime: row[2],
    lastUpdatedTime: row[3],
    description: row[4] ?? '',
    userId: row[5],
    currentStage: (row[6] ?? 'None') as ModelStage,
    source: row[7] ?? '',
    runId: row[8] ?? '',
    status: (row[9] ?? 'READY') as ModelVersion['status'],
    runLink: row[10] ?? '',
    tags: pairs(sql.rows("SELECT key, value FROM model_version_tags WHERE workspace = 'default' AND name = ? AND version = ?", [name, version])),
    aliases: sql.rows<[string]>("SELECT alias FROM registered_model_aliases WHERE workspace = 'default' AND name = ? AND version = ? ORDER BY alias", [name, version]).map(([a]) => a),
  };
}

const LOGGED_MODEL_STATUS: Record<number, LoggedModel['status']> = { 1: 'PENDING', 2: 'READY', 3: 'FAILED' };
export const LOGGED_MODEL_STATUS_CODE: Record<LoggedModel['status'], number> = { PENDING: 1, READY: 2, FAILED: 3 };

/** A logged model; one marked deleted only with `allowDeleted`, as MLflow's get_logged_model. */
export function readLoggedModel(sql: SqlRunner, modelId: string, opts: { allowDeleted?: boolean } = {}): LoggedModel | undefined {
  const row = sql.row<[string, number, string, string, number, number, number, string | null, string | null]>(
    `SELECT model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, source_run_id, model_type
     FROM logged_models WHERE model_id = ?${opts.allowDeleted ? '' : " AND lifecycle_stage != 'deleted'"}`,
    [modelId],
  );
  if (!row) return undefined;
  return {
    modelId: row[0],
    experimentId: String(row[1]),
    name: row[2],
    artifactLocation: row[3],
    creationTime: row[4],
    lastUpdatedTime: row[5],
    status: LOGGED_MODEL_STATUS[row[6]] ?? 'PENDING',
    sourceRunId: row[7],
    modelType: row[8],
    params: pairs(sql.rows('SELECT param_key, param_value FROM logged_model_params WHERE model_id = ?', [modelId])),
    tags: pairs(sql.rows('SELECT tag_key, tag_value FROM logged_model_tags WHERE model_id = ?', [modelId])),
    metrics: readLoggedModelMetrics(sql, modelId),
  };
}

function readLoggedModelMetrics(sql: SqlRunner, modelId: string): LoggedModelMetric[] {
  return sql
    .rows<[string, number | null, number, number, string, string | null, string | null]>(
      'SELECT metric_name, metric_value, metric_timestamp_ms, metric_step, run_id, dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id = ? ORDER BY rowid',
      [modelId],
    )
    .map(([key, value, timestamp, step, runId, datasetName, datasetDigest]) => ({
      key,
      value: value ?? NaN,
      timestamp,
      step,
      modelId,
      runId,
      ...(datasetName != null && { datasetName }),
      ...(datasetDigest != null && { datasetDigest }),
    }));
}

function pairs(rows: SqlValue[][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of rows) out[String(k)] = v == null ? '' : String(v);
  return out;
}
