import type { SqlValue } from 'sql.js';
import type { SqlRunner } from './sqlRunner';
import type {
  DatasetInput, Experiment, HistoryPage, LifecycleStage, LoggedModel, Metric, MetricHistory, ModelStage, ModelVersion, RegisteredModel, Run, RunInfo, RunStatus, ViewType,
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

const RUN_COLUMNS = 'run_uuid, name, experiment_id, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage';

export function readRunInfo(sql: SqlRunner, runId: string): RunInfo | undefined {
  const row = sql.row<RunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE run_uuid = ?`, [runId]);
  return row && toRunInfo(row);
}

type RunRow = [string, string | null, number, string | null, string, number, number | null, string, string];

function toRunInfo([runId, name, experimentId, userId, status, startTime, endTime, artifactUri, stage]: RunRow): RunInfo {
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

export function readRun(sql: SqlRunner, runId: string): Run | undefined {
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
    inputs: { datasetInputs: readDatasetInputs(sql, runId) },
  };
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

/**
 * Every point of one metric, ordered as MLflow's get_metric_history orders them. The index is named
 * because SQLite otherwise walks the primary key (key, timestamp, ...) to skip the sort, reading
 * that key's points for every run.
 */
export function readMetricHistory(sql: SqlRunner, runId: string, key: string, page?: HistoryPage): MetricHistory {
  const stmt = sql.db.prepare(
    'SELECT step, timestamp, value, is_nan FROM metrics INDEXED BY index_metrics_run_uuid_key_step WHERE run_uuid = ? AND key = ? ORDER BY timestamp, step, value LIMIT ? OFFSET ?',
  );
  try {
    stmt.bind([runId, key, page?.maxResults ?? -1, page?.offset ?? 0]);
    let steps = new Float64Array(1024);
    let timestamps = new Float64Array(1024);
    let values = new Float64Array(1024);
    let n = 0;
    while (stmt.step()) {
      if (n === steps.length) {
        steps = grow(steps);
        timestamps = grow(timestamps);
        values = grow(values);
      }
      const row = stmt.get();
      steps[n] = row[0] as number;
      timestamps[n] = row[1] as number;
      values[n] = storedToNumber(row[2] as number, row[3] as number);
      n++;
    }
    return { key, steps: steps.slice(0, n), timestamps: timestamps.slice(0, n), values: values.slice(0, n) };
  } finally {
    stmt.free();
  }
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
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
  const row = sql.row<[string, number, number, number, string | null, string | null, string | null, string | null, string | null, string | null]>(
    `SELECT name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, status
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
    tags: pairs(sql.rows("SELECT key, value FROM model_version_tags WHERE workspace = 'default' AND name = ? AND version = ?", [name, version])),
    aliases: sql.rows<[string]>("SELECT alias FROM registered_model_aliases WHERE workspace = 'default' AND name = ? AND version = ? ORDER BY alias", [name, version]).map(([a]) => a),
  };
}

const LOGGED_MODEL_STATUS: Record<number, LoggedModel['status']> = { 1: 'PENDING', 2: 'READY', 3: 'FAILED' };
export const LOGGED_MODEL_STATUS_CODE: Record<LoggedModel['status'], number> = { PENDING: 1, READY: 2, FAILED: 3 };

export function readLoggedModel(sql: SqlRunner, modelId: string): LoggedModel | undefined {
  const row = sql.row<[string, number, string, string, number, number, number, string | null, string | null]>(
    `SELECT model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, source_run_id, model_type
     FROM logged_models WHERE model_id = ?`,
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
  };
}

function pairs(rows: SqlValue[][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of rows) out[String(k)] = v == null ? '' : String(v);
  return out;
}
