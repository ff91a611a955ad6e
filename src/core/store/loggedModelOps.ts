import type { SqlRunner } from './sqlRunner';

// The journal operations on MLflow 3's logged models after their creation, and the links between
// runs and logged models, as MLflow 3.17.2's SqlAlchemyStore writes them:
// - a run's outputs are `inputs` rows (RUN_OUTPUT run -> MODEL_OUTPUT model, with the step), its
//   model inputs `inputs` rows (RUN_INPUT run -> MODEL_INPUT model);
// - a metric logged with a model_id also lands in `logged_model_metrics` (NaN as 0, ±inf as ±max);
// - deleting a logged model only marks it deleted.

type Pairs = [key: string, value: string][];

/** A metric point of a logged model as stored: [model, key, value, timestamp, step, dataset name, dataset digest]. */
export type StoredModelMetric = [modelId: string, key: string, value: number, timestamp: number, step: number, datasetName: string | null, datasetDigest: string | null];

export type LoggedModelOp =
  | { op: 'logOutputs'; runId: string; outputs: [inputUuid: string, modelId: string, step: number][] }
  | { op: 'setLoggedModelTags'; modelId: string; experimentId: number; tags: Pairs }
  | { op: 'deleteLoggedModelTag'; modelId: string; key: string }
  | { op: 'logLoggedModelParams'; modelId: string; experimentId: number; params: Pairs }
  | { op: 'deleteLoggedModel'; modelId: string; time: number };

type Appliers = { [K in LoggedModelOp['op']]: (sql: SqlRunner, o: Extract<LoggedModelOp, { op: K }>) => void };

export const loggedModelOpAppliers: Appliers = {
  logOutputs(sql, o) {
    for (const [inputUuid, modelId, step] of o.outputs) {
      sql.run(
        "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'RUN_OUTPUT', ?, 'MODEL_OUTPUT', ?, ?)",
        [inputUuid, o.runId, modelId, step],
      );
    }
  },
  setLoggedModelTags(sql, o) {
    for (const [k, v] of o.tags) {
      sql.run('INSERT OR REPLACE INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value) VALUES (?,?,?,?)', [o.modelId, o.experimentId, k, v]);
    }
  },
  deleteLoggedModelTag(sql, o) {
    sql.run('DELETE FROM logged_model_tags WHERE model_id = ? AND tag_key = ?', [o.modelId, o.key]);
  },
  logLoggedModelParams(sql, o) {
    for (const [k, v] of o.params) {
      sql.run('INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value) VALUES (?,?,?,?)', [o.modelId, o.experimentId, k, v]);
    }
  },
  deleteLoggedModel(sql, o) {
    sql.run("UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = ? WHERE model_id = ?", [o.time, o.modelId]);
  },
};

/** Model inputs of a run: [input uuid, model id] pairs. */
export function insertModelInputs(sql: SqlRunner, runId: string, models: [inputUuid: string, modelId: string][]): void {
  for (const [inputUuid, modelId] of models) {
    // MLflow merges on the primary key: logging the same model input again keeps one row.
    sql.run(
      "INSERT OR REPLACE INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'RUN_INPUT', ?, 'MODEL_INPUT', ?, 0)",
      [inputUuid, runId, modelId],
    );
  }
}

/** Logged-model metric points; a point already stored (same model, key, time, step, run) is kept, as MLflow does. */
export function insertModelMetrics(sql: SqlRunner, runId: string, experimentId: number, points: StoredModelMetric[]): void {
  for (const [modelId, key, value, timestamp, step, datasetName, datasetDigest] of points) {
    sql.run(
      `INSERT OR IGNORE INTO logged_model_metrics (model_id, metric_name, metric_timestamp_ms, metric_step, metric_value, experiment_id, run_id, dataset_uuid, dataset_name, dataset_digest)
       VALUES (?,?,?,?,?,?,?,NULL,?,?)`,
      [modelId, key, timestamp, step, value, experimentId, runId, datasetName, datasetDigest],
    );
  }
}
