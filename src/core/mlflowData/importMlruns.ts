import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { applyOp, type StoredPoint } from '../store/ops';
import type { SqlRunner } from '../store/sqlRunner';
import { filesUnder, numberOrNull, readMeta, readMetricLines, readValues, subfolders, text } from './mlrunsFiles';

// Copies an mlruns/ tree (MLflow's FileStore, as mlflow/store/tracking/file_store.py and
// model_registry/file_store.py lay it out) into a database in MLflow's SQL schema, as MLflow's
// SQL store would hold the same data, so the embedded store's reads serve it unchanged.
//
//   <root>/<experiment id>/meta.yaml, tags/          experiments (deleted ones under .trash/)
//   <experiment>/<run id>/meta.yaml, params/, tags/, metrics/ (`timestamp value step` lines),
//                         inputs/<id>/meta.yaml, outputs/<model id>/meta.yaml
//   <experiment>/datasets/<id>/meta.yaml             datasets the inputs name
//   <experiment>/models/<model id>/meta.yaml, params/, tags/, metrics/   logged models (MLflow 3)
//   <root>/models/<name>/meta.yaml, tags/, aliases/, version-<n>/meta.yaml, version-<n>/tags/
//
// Experiment ids of a file store are random 18-digit numbers, beyond what a JavaScript number holds
// exactly; such ids are renumbered after the largest small one, in creation order, and the original
// id is kept in the experiment tag `mlops.mlrunsExperimentId`.

export const ORIGINAL_EXPERIMENT_ID_TAG = 'mlops.mlrunsExperimentId';

const WS = 'default';
const RESERVED_EXPERIMENT_FOLDERS = new Set(['tags', 'datasets', 'traces', 'models']);
const RUN_STATUS: Record<string, string> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };
const SOURCE_TYPE: Record<string, string> = { 1: 'NOTEBOOK', 2: 'JOB', 3: 'PROJECT', 4: 'LOCAL', 1000: 'UNKNOWN' };
const LOGGED_MODEL_STATUS: Record<string, number> = { PENDING: 1, READY: 2, FAILED: 3 };
const MAX_DOUBLE = 1.7976931348623157e308;

interface FoundExperiment {
  folder: string;
  meta: Record<string, unknown>;
  originalId: string;
  id: number;
}

/** Fills `sql` (MLflow's schema, no rows yet) from the tree at `root`. Reads files only. */
export function importMlruns(root: string, sql: SqlRunner): void {
  const experiments = findExperiments(root);
  for (const e of experiments) importExperiment(sql, e);
  importRegistry(sql, path.join(root, 'models'));
}

function findExperiments(root: string): FoundExperiment[] {
  const found: Omit<FoundExperiment, 'id'>[] = [];
  const look = (parent: string, deleted: boolean) => {
    for (const name of subfolders(parent)) {
      if (!deleted && (name === '.trash' || name === 'models')) continue;
      const folder = path.join(parent, name);
      const meta = readMeta(folder);
      if (!meta || meta.name === undefined) continue;
      if (deleted && meta.lifecycle_stage === undefined) meta.lifecycle_stage = 'deleted';
      found.push({ folder, meta, originalId: text(meta.experiment_id ?? name) });
    }
  };
  look(root, false);
  look(path.join(root, '.trash'), true);

  const small = (id: string) => /^\d+$/.test(id) && Number.isSafeInteger(Number(id));
  let next = Math.max(-1, ...found.filter((e) => small(e.originalId)).map((e) => Number(e.originalId))) + 1;
  return found
    .sort((a, b) => (numberOrNull(a.meta.creation_time) ?? 0) - (numberOrNull(b.meta.creation_time) ?? 0) || a.originalId.localeCompare(b.originalId))
    .map((e) => ({ ...e, id: small(e.originalId) ? Number(e.originalId) : next++ }));
}

function importExperiment(sql: SqlRunner, e: FoundExperiment): void {
  const { meta } = e;
  sql.run(
    'INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) VALUES (?,?,?,?,?,?,?)',
    [e.id, text(meta.name), text(meta.artifact_location), lifecycle(meta.lifecycle_stage), numberOrNull(meta.creation_time), numberOrNull(meta.last_update_time), WS],
  );
  const tags = readValues(path.join(e.folder, 'tags'));
  if (String(e.id) !== e.originalId) tags[ORIGINAL_EXPERIMENT_ID_TAG] = e.originalId;
  for (const [k, v] of Object.entries(tags)) sql.run('INSERT INTO experiment_tags (key, value, experiment_id) VALUES (?,?,?)', [k, v, e.id]);

  for (const name of subfolders(e.folder)) {
    if (RESERVED_EXPERIMENT_FOLDERS.has(name)) continue;
    const folder = path.join(e.folder, name);
    const run = readMeta(folder);
    if (run && (run.run_id ?? run.run_uuid) !== undefined) importRun(sql, e, folder, run);
  }
  for (const modelId of subfolders(path.join(e.folder, 'models'))) importLoggedModel(sql, e, path.join(e.folder, 'models', modelId));
}

function importRun(sql: SqlRunner, e: FoundExperiment, folder: string, meta: Record<string, unknown>): void {
  const runId = text(meta.run_id ?? meta.run_uuid);
  const tags = readValues(path.join(folder, 'tags'));
  sql.run(
    `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
       source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    [
      runId, text(meta.run_name) || (tags['mlflow.runName'] ?? ''), SOURCE_TYPE[text(meta.source_type)] ?? 'UNKNOWN', text(meta.source_name), text(meta.entry_point_name),
      text(meta.user_id), RUN_STATUS[text(meta.status)] ?? (Object.values(RUN_STATUS).includes(text(meta.status)) ? text(meta.status) : 'RUNNING'),
      numberOrNull(meta.start_time), numberOrNull(meta.end_time), text(meta.source_version), lifecycle(meta.lifecycle_stage), text(meta.artifact_uri), e.id, numberOrNull(meta.deleted_time),
    ],
  );
  const params = Object.entries(readValues(path.join(folder, 'params')));
  const metrics: StoredPoint[] = [];
  const metricsFolder = path.join(folder, 'metrics');
  for (const key of filesUnder(metricsFolder)) {
    for (const p of readMetricLines(path.join(metricsFolder, key), [2, 3, 5])) metrics.push(storedPoint(key, p.value, p.timestamp, p.step));
  }
  applyOp(sql, { op: 'logBatch', runId, metrics, params, tags: Object.entries(tags) });
  importInputs(sql, e, folder, runId);
  for (const modelId of subfolders(path.join(folder, 'outputs'))) {
    const output = readMeta(path.join(folder, 'outputs', modelId));
    sql.run("INSERT OR IGNORE INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'RUN_OUTPUT', ?, 'MODEL_OUTPUT', ?, ?)", [
      uuidFor(runId, modelId, 'output'), runId, modelId, numberOrNull(output?.step) ?? 0,
    ]);
  }
}

function importInputs(sql: SqlRunner, e: FoundExperiment, runFolder: string, runId: string): void {
  for (const inputId of subfolders(path.join(runFolder, 'inputs'))) {
    const input = readMeta(path.join(runFolder, 'inputs', inputId));
    if (!input) continue;
    const sourceId = text(input.source_id);
    if (input.source_type === 'MODEL') {
      sql.run("INSERT OR IGNORE INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'RUN_INPUT', ?, 'MODEL_INPUT', ?, 0)", [inputId, runId, sourceId]);
      continue;
    }
    if (input.source_type !== 'DATASET') continue;
    const dataset = readMeta(path.join(e.folder, 'datasets', sourceId));
    if (!dataset) continue; // MLflow skips an input whose dataset is gone, too
    sql.run(
      `INSERT OR IGNORE INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile)
       VALUES (?,?,?,?,?,?,?,?)`,
      [sourceId, e.id, text(dataset.name), text(dataset.digest), text(dataset.source_type), text(dataset.source), orNull(dataset.schema), orNull(dataset.profile)],
    );
    const [datasetUuid] = sql.row<[string]>('SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?', [e.id, text(dataset.name), text(dataset.digest)])!;
    sql.run("INSERT OR IGNORE INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'DATASET', ?, 'RUN', ?, 0)", [inputId, datasetUuid, runId]);
    const tags = input.tags && typeof input.tags === 'object' ? Object.entries(input.tags as Record<string, unknown>) : [];
    for (const [k, v] of tags) sql.run('INSERT OR REPLACE INTO input_tags (input_uuid, name, value) VALUES (?,?,?)', [inputId, k, text(v)]);
  }
}

function importLoggedModel(sql: SqlRunner, e: FoundExperiment, folder: string): void {
  const meta = readMeta(folder);
  if (!meta || meta.model_id === undefined) return;
  const modelId = text(meta.model_id);
  const status = typeof meta.status === 'string' ? (LOGGED_MODEL_STATUS[meta.status] ?? 1) : (numberOrNull(meta.status) ?? 1);
  sql.run(
    `INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status,
       lifecycle_stage, model_type, source_run_id, status_message) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
    [
      modelId, e.id, text(meta.name), text(meta.artifact_location), numberOrNull(meta.creation_timestamp) ?? 0, numberOrNull(meta.last_updated_timestamp) ?? 0, status,
      lifecycle(meta.lifecycle_stage), orNull(meta.model_type), orNull(meta.source_run_id), orNull(meta.status_message),
    ],
  );
  for (const [k, v] of Object.entries(readValues(path.join(folder, 'params')))) {
    sql.run('INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value) VALUES (?,?,?,?)', [modelId, e.id, k, v]);
  }
  for (const [k, v] of Object.entries(readValues(path.join(folder, 'tags')))) {
    sql.run('INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) VALUES (?,?,?,?)', [modelId, e.id, k, v]);
  }
  const metricsFolder = path.join(folder, 'metrics');
  for (const key of filesUnder(metricsFolder)) {
    for (const p of readMetricLines(path.join(metricsFolder, key), [4, 6])) {
      sql.run(
        `INSERT OR IGNORE INTO logged_model_metrics (model_id, metric_name, metric_timestamp_ms, metric_step, metric_value, experiment_id, run_id, dataset_uuid, dataset_name, dataset_digest)
         VALUES (?,?,?,?,?,?,?,NULL,?,?)`,
        [modelId, key, p.timestamp, p.step, Number.isNaN(p.value) ? null : clamp(p.value), e.id, p.rest[0], p.rest[1] ?? null, p.rest[2] ?? null],
      );
    }
  }
}

function importRegistry(sql: SqlRunner, modelsFolder: string): void {
  for (const folderName of subfolders(modelsFolder)) {
    const folder = path.join(modelsFolder, folderName);
    const meta = readMeta(folder);
    if (!meta) continue;
    const name = text(meta.name ?? folderName);
    sql.run('INSERT INTO registered_models (name, creation_time, last_updated_time, description, workspace) VALUES (?,?,?,?,?)', [
      name, numberOrNull(meta.creation_timestamp), numberOrNull(meta.last_updated_timestamp), text(meta.description), WS,
    ]);
    for (const [k, v] of Object.entries(readValues(path.join(folder, 'tags')))) {
      sql.run('INSERT INTO registered_model_tags (key, value, name, workspace) VALUES (?,?,?,?)', [k, v, name, WS]);
    }
    const versions = new Set<number>();
    for (const versionFolder of subfolders(folder).filter((f) => /^version-\d+$/.test(f))) {
      const v = readMeta(path.join(folder, versionFolder));
      if (!v || v.current_stage === 'Deleted_Internal') continue; // MLflow's mark for a deleted version
      const version = Number(versionFolder.slice('version-'.length));
      versions.add(version);
      sql.run(
        `INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id,
           status, status_message, run_link, storage_location, workspace) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
        [
          name, version, numberOrNull(v.creation_timestamp), numberOrNull(v.last_updated_timestamp), text(v.description), orNull(v.user_id), text(v.current_stage) || 'None',
          text(v.source), text(v.run_id), text(v.status) || 'READY', orNull(v.status_message), orNull(v.run_link), orNull(v.storage_location), WS,
        ],
      );
      for (const [k, value] of Object.entries(readValues(path.join(folder, versionFolder, 'tags')))) {
        sql.run('INSERT INTO model_version_tags (key, value, name, version, workspace) VALUES (?,?,?,?,?)', [k, value, name, version, WS]);
      }
    }
    // Aliases live in aliases/<alias> (content: the version); older trees kept them in meta.yaml.
    const fromFiles = readValues(path.join(folder, 'aliases'));
    const fromMeta = meta.aliases && typeof meta.aliases === 'object' && !Array.isArray(meta.aliases) ? (meta.aliases as Record<string, unknown>) : {};
    const aliases = Object.keys(fromFiles).length > 0 ? fromFiles : Object.fromEntries(Object.entries(fromMeta).map(([a, v]) => [a, text(v)]));
    for (const [alias, version] of Object.entries(aliases)) {
      if (!versions.has(Number(version.trim()))) continue;
      sql.run('INSERT INTO registered_model_aliases (alias, version, name, workspace) VALUES (?,?,?,?)', [alias, Number(version.trim()), name, WS]);
    }
  }
}

function lifecycle(value: unknown): string {
  return value === 'deleted' ? 'deleted' : 'active';
}

function orNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function clamp(value: number): number {
  return value === Infinity ? MAX_DOUBLE : value === -Infinity ? -MAX_DOUBLE : value;
}

/** A metric point as MLflow's SQL store keeps it: NaN as 0 with is_nan, ±inf as ±max double. */
function storedPoint(key: string, value: number, timestamp: number, step: number): StoredPoint {
  return Number.isNaN(value) ? [key, 0, timestamp, step, 1] : [key, clamp(value), timestamp, step, 0];
}

function uuidFor(...parts: string[]): string {
  return createHash('md5').update(parts.join('\0')).digest('hex');
}
