import initSqlJs, { type Database } from 'sql.js';
import { MLFLOW_SCHEMA_SQL } from '../../../src/core/store/mlflowSchema';
import { compileRunSearch, type RunSearchQuery } from '../../../src/core/search/toSql';

// A builder for runs in MLflow's own SQLite schema, written the way MLflow's SqlAlchemyStore writes
// them: NaN metrics as value 0 with is_nan = 1, infinities clamped to the largest double, the run
// name both in runs.name and in the `mlflow.runName` tag, datasets linked through inputs.

export interface RunSpec {
  id: string;
  name?: string;
  /** The `mlflow.runName` tag; defaults to `name`, null leaves the tag out. */
  nameTag?: string | null;
  experimentId?: number;
  status?: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
  startTime?: number | null;
  endTime?: number | null;
  userId?: string;
  lifecycleStage?: 'active' | 'deleted';
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  datasets?: { name: string; digest: string; context?: string }[];
}

export interface RunsDb {
  db: Database;
  /** Run ids in the order the compiled query returns them. */
  search(q: Partial<RunSearchQuery>): string[];
}

export async function runsDb(runs: RunSpec[]): Promise<RunsDb> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(MLFLOW_SCHEMA_SQL);
  for (const run of runs) insertRun(db, run);
  return {
    db,
    search(q) {
      const { sql, params } = compileRunSearch({ experimentIds: ['1'], maxResults: 1000, offset: 0, ...q });
      const result = db.exec(sql, params);
      return result.length === 0 ? [] : result[0].values.map(([id]) => String(id));
    },
  };
}

const MAX_DOUBLE = 1.7976931348623157e308;

function insertRun(db: Database, run: RunSpec): void {
  const name = run.name ?? run.id;
  db.run(
    `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status,
       start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id)
     VALUES (?, ?, 'LOCAL', '', '', ?, ?, ?, ?, '', ?, ?, ?)`,
    [
      run.id,
      name,
      run.userId ?? 'ann',
      run.status ?? 'FINISHED',
      run.startTime === undefined ? 1000 : run.startTime,
      run.endTime ?? null,
      run.lifecycleStage ?? 'active',
      `file:///store/${run.experimentId ?? 1}/${run.id}/artifacts`,
      run.experimentId ?? 1,
    ],
  );
  for (const [key, value] of Object.entries(run.metrics ?? {})) {
    const isNan = Number.isNaN(value);
    const stored = isNan ? 0 : Math.max(-MAX_DOUBLE, Math.min(MAX_DOUBLE, value));
    db.run('INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, 0, 0, ?, ?)', [
      key,
      stored,
      isNan ? 1 : 0,
      run.id,
    ]);
  }
  for (const [key, value] of Object.entries(run.params ?? {})) {
    db.run('INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)', [key, value, run.id]);
  }
  const nameTag = run.nameTag === undefined ? name : run.nameTag;
  const tags = { ...run.tags, ...(nameTag === null ? {} : { 'mlflow.runName': nameTag }) };
  for (const [key, value] of Object.entries(tags)) {
    db.run('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)', [key, value, run.id]);
  }
  for (const [i, dataset] of (run.datasets ?? []).entries()) {
    const datasetId = `${run.id}-dataset-${i}`;
    const inputId = `${run.id}-input-${i}`;
    db.run(
      `INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source)
       VALUES (?, ?, ?, ?, 'local', '{}')`,
      [datasetId, run.experimentId ?? 1, dataset.name, dataset.digest],
    );
    db.run(
      "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id) VALUES (?, 'DATASET', ?, 'RUN', ?)",
      [inputId, datasetId, run.id],
    );
    if (dataset.context !== undefined) {
      db.run("INSERT INTO input_tags (input_uuid, name, value) VALUES (?, 'mlflow.data.context', ?)", [inputId, dataset.context]);
    }
  }
}
