import { applyAuditOp, type AuditOp } from './audit';
import { insertModelInputs, insertModelMetrics, loggedModelOpAppliers, type LoggedModelOp, type StoredModelMetric } from './loggedModelOps';
import { registryOpAppliers, type RegistryOp } from './registryOps';
import type { SqlRunner } from './sqlRunner';

// The store's write operations: what the journal records and what replay re-applies. Each carries
// every value it needs (ids, times, sanitized metric values), so applying it is deterministic:
// replaying the journal on the last checkpoint rebuilds exactly the acknowledged state.
// Changing an operation's shape needs a journal format bump (see journal.ts).

type Pairs = [key: string, value: string][];
/** A metric point as stored: value already sanitized (NaN -> 0 with isNan 1, ±inf -> ±max double). */
export type StoredPoint = [key: string, value: number, timestamp: number, step: number, isNan: 0 | 1];

export type Op = CoreOp | RegistryOp | LoggedModelOp | AuditOp;

type CoreOp =
  | { op: 'createExperiment'; experimentId: number; name: string; artifactLocation: string; time: number; tags: Pairs }
  | { op: 'setExperimentLifecycle'; experimentId: number; stage: 'active' | 'deleted'; time: number }
  | { op: 'renameExperiment'; experimentId: number; name: string; time: number }
  | { op: 'setExperimentTag'; experimentId: number; key: string; value: string }
  | { op: 'deleteExperimentTag'; experimentId: number; key: string }
  | { op: 'createRun'; runId: string; experimentId: number; name: string; userId: string; startTime: number; artifactUri: string; tags: Pairs }
  | { op: 'updateRun'; runId: string; status?: string; endTime?: number; name?: string }
  | { op: 'setRunLifecycle'; runId: string; stage: 'active' | 'deleted'; time: number | null }
  | { op: 'logBatch'; runId: string; metrics: StoredPoint[]; params: Pairs; tags: Pairs; experimentId?: number; modelMetrics?: StoredModelMetric[] }
  | { op: 'deleteTag'; runId: string; key: string }
  | { op: 'logInputs'; runId: string; experimentId: number; inputs: StoredInput[]; models?: [inputUuid: string, modelId: string][] }
  | { op: 'createRegisteredModel'; name: string; time: number; description: string; tags: Pairs }
  | { op: 'deleteRegisteredModel'; name: string }
  | {
      op: 'createModelVersion'; name: string; version: number; time: number; source: string; runId: string; description: string; userId: string | null; tags: Pairs;
      /** Absent in older journals: the source, and a NULL run_link. */
      storageLocation?: string;
      runLink?: string;
    }
  | { op: 'updateRegisteredModel'; name: string; description: string; time: number }
  | { op: 'updateModelVersion'; name: string; version: number; description: string; time: number }
  | { op: 'deleteModelVersion'; name: string; version: number; time: number }
  | { op: 'transitionStage'; name: string; version: number; stage: string; archiveExisting: boolean; time: number }
  | { op: 'setAlias'; name: string; alias: string; version: number }
  | { op: 'deleteAlias'; name: string; alias: string }
  | { op: 'createLoggedModel'; modelId: string; experimentId: number; name: string; artifactLocation: string; time: number; sourceRunId: string | null; modelType: string | null; params: Pairs; tags: Pairs }
  | { op: 'finalizeLoggedModel'; modelId: string; status: number; time: number }
  | { op: 'recordPipelineRun'; runId: string; configPath: string; startedAt: number; endedAt: number | null; status: string; gitCommit: string | null }
  | {
      op: 'recordStageExecution'; pipelineRunId: string; stage: string; runId: string | null; status: string; reason: string | null; startedAt: number | null; endedAt: number | null; exitCode: number | null;
      /** Absent in journals written before workbench schema 2: null. A CACHED row names the run whose outputs it reused. */
      cachedFrom?: string | null;
      /** JSON of the stage's fingerprint (pipeline/stageState.ts), on FINISHED rows only. */
      fingerprint?: string | null;
    }
  /** Lineage edges (lineage/edges.ts); an edge already recorded keeps its first created_at. */
  | { op: 'recordLineageEdges'; time: number; edges: [fromKind: string, fromId: string, toKind: string, toId: string, relation: string][] };

export interface StoredInput {
  inputUuid: string;
  datasetUuid: string;
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema: string | null;
  profile: string | null;
  tags: Pairs;
}

const WS = 'default'; // MLflow's workspace for everything outside multi-workspace servers

export function applyOp(sql: SqlRunner, o: Op): void {
  switch (o.op) {
    case 'createExperiment':
      sql.run(
        'INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) VALUES (?,?,?,?,?,?,?)',
        [o.experimentId, o.name, o.artifactLocation, 'active', o.time, o.time, WS],
      );
      for (const [k, v] of o.tags) sql.run('INSERT OR REPLACE INTO experiment_tags (key, value, experiment_id) VALUES (?,?,?)', [k, v, o.experimentId]);
      return;
    case 'setExperimentLifecycle':
      sql.run('UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?', [o.stage, o.time, o.experimentId]);
      return;
    case 'renameExperiment':
      sql.run('UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?', [o.name, o.time, o.experimentId]);
      return;
    case 'setExperimentTag':
      sql.run('INSERT OR REPLACE INTO experiment_tags (key, value, experiment_id) VALUES (?,?,?)', [o.key, o.value, o.experimentId]);
      return;
    case 'deleteExperimentTag':
      sql.run('DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?', [o.experimentId, o.key]);
      return;
    case 'createRun':
      sql.run(
        `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
           source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time)
         VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL, '', 'active', ?, ?, NULL)`,
        [o.runId, o.name, o.userId, o.startTime, o.artifactUri, o.experimentId],
      );
      for (const [k, v] of o.tags) sql.run('INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES (?,?,?)', [k, v, o.runId]);
      return;
    case 'updateRun':
      if (o.status !== undefined) sql.run('UPDATE runs SET status = ? WHERE run_uuid = ?', [o.status, o.runId]);
      if (o.endTime !== undefined) sql.run('UPDATE runs SET end_time = ? WHERE run_uuid = ?', [o.endTime, o.runId]);
      if (o.name !== undefined) {
        sql.run('UPDATE runs SET name = ? WHERE run_uuid = ?', [o.name, o.runId]);
        sql.run("INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES ('mlflow.runName', ?, ?)", [o.name, o.runId]);
      }
      return;
    case 'setRunLifecycle':
      sql.run('UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?', [o.stage, o.time, o.runId]);
      return;
    case 'logBatch':
      for (const [k, v] of o.params) sql.run('INSERT OR IGNORE INTO params (key, value, run_uuid) VALUES (?,?,?)', [k, v, o.runId]);
      for (const [k, v] of o.tags) sql.run('INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES (?,?,?)', [k, v, o.runId]);
      if (o.metrics.length > 0) insertMetrics(sql, o.runId, o.metrics);
      if (o.modelMetrics && o.modelMetrics.length > 0) insertModelMetrics(sql, o.runId, o.experimentId!, o.modelMetrics);
      return;
    case 'deleteTag':
      sql.run('DELETE FROM tags WHERE run_uuid = ? AND key = ?', [o.runId, o.key]);
      return;
    case 'logInputs':
      for (const i of o.inputs) {
        sql.run(
          `INSERT OR IGNORE INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile)
           VALUES (?,?,?,?,?,?,?,?)`,
          [i.datasetUuid, o.experimentId, i.name, i.digest, i.sourceType, i.source, i.schema, i.profile],
        );
        const [datasetUuid] = sql.row<[string]>('SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?', [o.experimentId, i.name, i.digest])!;
        sql.run(
          "INSERT OR IGNORE INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'DATASET', ?, 'RUN', ?, 0)",
          [i.inputUuid, datasetUuid, o.runId],
        );
        const [inputUuid] = sql.row<[string]>("SELECT input_uuid FROM inputs WHERE source_type = 'DATASET' AND source_id = ? AND destination_type = 'RUN' AND destination_id = ?", [datasetUuid, o.runId])!;
        for (const [k, v] of i.tags) sql.run('INSERT OR REPLACE INTO input_tags (input_uuid, name, value) VALUES (?,?,?)', [inputUuid, k, v]);
      }
      if (o.models) insertModelInputs(sql, o.runId, o.models);
      return;
    case 'createRegisteredModel':
      sql.run('INSERT INTO registered_models (name, creation_time, last_updated_time, description, workspace) VALUES (?,?,?,?,?)', [o.name, o.time, o.time, o.description, WS]);
      for (const [k, v] of o.tags) sql.run('INSERT OR REPLACE INTO registered_model_tags (key, value, name, workspace) VALUES (?,?,?,?)', [k, v, o.name, WS]);
      return;
    case 'deleteRegisteredModel':
      for (const table of ['registered_model_aliases', 'model_version_tags', 'model_versions', 'registered_model_tags', 'registered_models']) {
        sql.run(`DELETE FROM ${table} WHERE workspace = ? AND name = ?`, [WS, o.name]);
      }
      return;
    case 'createModelVersion':
      sql.run(
        `INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id,
           status, status_message, run_link, storage_location, workspace)
         VALUES (?,?,?,?,?,?,'None',?,?,'READY',NULL,?,?,?)`,
        [o.name, o.version, o.time, o.time, o.description, o.userId, o.source, o.runId, o.runLink ?? null, o.storageLocation ?? o.source, WS],
      );
      sql.run('UPDATE registered_models SET last_updated_time = ? WHERE workspace = ? AND name = ?', [o.time, WS, o.name]);
      for (const [k, v] of o.tags) sql.run('INSERT OR REPLACE INTO model_version_tags (key, value, name, version, workspace) VALUES (?,?,?,?,?)', [k, v, o.name, o.version, WS]);
      return;
    case 'updateRegisteredModel':
      sql.run('UPDATE registered_models SET description = ?, last_updated_time = ? WHERE workspace = ? AND name = ?', [o.description, o.time, WS, o.name]);
      return;
    case 'updateModelVersion':
      sql.run('UPDATE model_versions SET description = ?, last_updated_time = ? WHERE workspace = ? AND name = ? AND version = ?', [o.description, o.time, WS, o.name, o.version]);
      return;
    case 'deleteModelVersion':
      // As MLflow's delete_model_version: the version's aliases go with it.
      for (const table of ['registered_model_aliases', 'model_version_tags', 'model_versions']) {
        sql.run(`DELETE FROM ${table} WHERE workspace = ? AND name = ? AND version = ?`, [WS, o.name, o.version]);
      }
      sql.run('UPDATE registered_models SET last_updated_time = ? WHERE workspace = ? AND name = ?', [o.time, WS, o.name]);
      return;
    case 'transitionStage':
      if (o.archiveExisting && (o.stage === 'Staging' || o.stage === 'Production')) {
        sql.run(
          "UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ? WHERE workspace = ? AND name = ? AND current_stage = ? AND version != ?",
          [o.time, WS, o.name, o.stage, o.version],
        );
      }
      sql.run('UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE workspace = ? AND name = ? AND version = ?', [o.stage, o.time, WS, o.name, o.version]);
      sql.run('UPDATE registered_models SET last_updated_time = ? WHERE workspace = ? AND name = ?', [o.time, WS, o.name]); // as MLflow's transition_model_version_stage
      return;
    case 'setAlias':
      sql.run('INSERT OR REPLACE INTO registered_model_aliases (alias, version, name, workspace) VALUES (?,?,?,?)', [o.alias, o.version, o.name, WS]);
      return;
    case 'deleteAlias':
      sql.run('DELETE FROM registered_model_aliases WHERE workspace = ? AND name = ? AND alias = ?', [WS, o.name, o.alias]);
      return;
    case 'createLoggedModel':
      sql.run(
        `INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status,
           lifecycle_stage, model_type, source_run_id, status_message) VALUES (?,?,?,?,?,?,1,'active',?,?,NULL)`,
        [o.modelId, o.experimentId, o.name, o.artifactLocation, o.time, o.time, o.modelType, o.sourceRunId],
      );
      for (const [k, v] of o.params) sql.run('INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value) VALUES (?,?,?,?)', [o.modelId, o.experimentId, k, v]);
      for (const [k, v] of o.tags) sql.run('INSERT OR REPLACE INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) VALUES (?,?,?,?)', [o.modelId, o.experimentId, k, v]);
      return;
    case 'finalizeLoggedModel':
      sql.run('UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? WHERE model_id = ?', [o.status, o.time, o.modelId]);
      return;
    case 'recordPipelineRun':
      sql.run('INSERT OR REPLACE INTO mlops_pipeline_runs (run_uuid, config_path, started_at, ended_at, status, git_commit) VALUES (?,?,?,?,?,?)', [
        o.runId, o.configPath, o.startedAt, o.endedAt, o.status, o.gitCommit,
      ]);
      return;
    case 'recordStageExecution':
      sql.run(
        'INSERT OR REPLACE INTO mlops_stage_executions (pipeline_run_uuid, stage, run_uuid, status, reason, cached_from, started_at, ended_at, exit_code, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?)',
        [o.pipelineRunId, o.stage, o.runId, o.status, o.reason, o.cachedFrom ?? null, o.startedAt, o.endedAt, o.exitCode, o.fingerprint ?? null],
      );
      return;
    case 'recordLineageEdges':
      for (const edge of o.edges) {
        sql.run('INSERT OR IGNORE INTO mlops_lineage_edges (from_kind, from_id, to_kind, to_id, relation, created_at) VALUES (?,?,?,?,?,?)', [...edge, o.time]);
      }
      return;
    case 'recordAudit':
      applyAuditOp(sql, o);
      return;
    default:
      applyMoreOp(sql, o);
  }
}

const moreAppliers: Record<string, (sql: SqlRunner, o: never) => void> = { ...registryOpAppliers, ...loggedModelOpAppliers };

/** Registry edits (registryOps.ts) and logged-model writes (loggedModelOps.ts). */
function applyMoreOp(sql: SqlRunner, o: RegistryOp | LoggedModelOp): void {
  const apply = moreAppliers[o.op];
  if (!apply) throw new Error(`Unknown store operation '${(o as { op: string }).op}'.`);
  apply(sql, o as never);
}

const CHUNK = 64; // rows per multi-row INSERT: fewer crossings into wasm, within SQLite's variable limit

function insertMetrics(sql: SqlRunner, runId: string, points: StoredPoint[]): void {
  const latest = new Map<string, StoredPoint>();
  let i = 0;
  for (; i + CHUNK <= points.length; i += CHUNK) sql.run(metricInsert(CHUNK), metricParams(runId, points, i, CHUNK, latest));
  if (i < points.length) sql.run(metricInsert(points.length - i), metricParams(runId, points, i, points.length - i, latest));
  // latest_metrics keeps, per key, the point with the greatest (step, timestamp, value), as MLflow does.
  for (const [key, value, timestamp, step, isNan] of latest.values()) {
    sql.run(
      `INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)
       ON CONFLICT (key, run_uuid) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
       WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)`,
      [key, value, timestamp, step, isNan, runId],
    );
  }
}

const insertSql = new Map<number, string>();
function metricInsert(rows: number): string {
  let text = insertSql.get(rows);
  if (!text) {
    text = 'INSERT OR IGNORE INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ' + Array(rows).fill('(?,?,?,?,?,?)').join(',');
    insertSql.set(rows, text);
  }
  return text;
}

function metricParams(runId: string, points: StoredPoint[], from: number, count: number, latest: Map<string, StoredPoint>): (string | number)[] {
  const params: (string | number)[] = new Array(count * 6);
  for (let j = 0; j < count; j++) {
    const p = points[from + j];
    const [key, value, timestamp, step, isNan] = p;
    params[j * 6] = key;
    params[j * 6 + 1] = value;
    params[j * 6 + 2] = timestamp;
    params[j * 6 + 3] = runId;
    params[j * 6 + 4] = step;
    params[j * 6 + 5] = isNan;
    const best = latest.get(key);
    if (!best || step > best[3] || (step === best[3] && (timestamp > best[2] || (timestamp === best[2] && value > best[1])))) latest.set(key, p);
  }
  return params;
}
