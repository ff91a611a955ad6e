// The workbench's own tables, beside MLflow's in the same database. MLflow ignores them: its server
// checks only `alembic_version`. All are prefixed `mlops_` so they never collide with MLflow's.
//
// mlops_store_meta       key/value facts about the store; `journal_seq` is the sequence number of
//                        the last journal record folded into this database file (see journal.ts).
// mlops_pipeline_runs    one row per `mlops run`: the parent MLflow run, the config file, the outcome.
// mlops_stage_executions one row per stage in a pipeline run: its MLflow run, status (RUNNING,
//                        FINISHED, FAILED, KILLED, or CACHED for a stage skipped as up to date), why
//                        it ran or failed, cached_from (the run whose outputs a CACHED row reused),
//                        and on FINISHED rows the fingerprint: JSON of the cmd, params' values, deps'
//                        digests before the run and outs' digests after it (pipeline/stageState.ts).
// mlops_lineage_edges    typed edges between lineage nodes (file digest, run, model version, commit).
// mlops_audit_trail      every registry transition: who, when, from, to, why, run, commit.
// mlops_drift_reports    one row per monitored batch: method, statistic per feature, threshold, verdict.
//
// Versions: 1 the first; 2 adds mlops_stage_executions.fingerprint and its (stage, ended_at) index.
export const WORKBENCH_SCHEMA_VERSION = 2;

export const WORKBENCH_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS mlops_store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mlops_pipeline_runs (
  run_uuid VARCHAR(32) PRIMARY KEY REFERENCES runs (run_uuid),
  config_path TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  status VARCHAR(9) NOT NULL,
  git_commit VARCHAR(40)
);
CREATE TABLE IF NOT EXISTS mlops_stage_executions (
  pipeline_run_uuid VARCHAR(32) NOT NULL REFERENCES mlops_pipeline_runs (run_uuid),
  stage TEXT NOT NULL,
  run_uuid VARCHAR(32) REFERENCES runs (run_uuid),
  status VARCHAR(9) NOT NULL,
  reason TEXT,
  cached_from VARCHAR(32),
  started_at BIGINT,
  ended_at BIGINT,
  exit_code INTEGER,
  fingerprint TEXT,
  PRIMARY KEY (pipeline_run_uuid, stage)
);
CREATE TABLE IF NOT EXISTS mlops_lineage_edges (
  from_kind TEXT NOT NULL,
  from_id TEXT NOT NULL,
  to_kind TEXT NOT NULL,
  to_id TEXT NOT NULL,
  relation TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (from_kind, from_id, to_kind, to_id, relation)
);
CREATE TABLE IF NOT EXISTS mlops_audit_trail (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  model_name VARCHAR(256) NOT NULL,
  version INTEGER,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  from_value TEXT,
  to_value TEXT,
  reason TEXT,
  actor TEXT NOT NULL,
  at BIGINT NOT NULL,
  run_uuid VARCHAR(32),
  git_commit VARCHAR(40)
);
CREATE INDEX IF NOT EXISTS mlops_audit_trail_model ON mlops_audit_trail (model_name, at);
CREATE TABLE IF NOT EXISTS mlops_drift_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at BIGINT NOT NULL,
  batch_path TEXT NOT NULL,
  reference_path TEXT NOT NULL,
  method TEXT NOT NULL,
  threshold FLOAT NOT NULL,
  statistics TEXT NOT NULL,
  drifted BOOLEAN NOT NULL,
  triggered_run_uuid VARCHAR(32)
);
`;

/**
 * Brings a database created by an older workbench to WORKBENCH_SCHEMA_VERSION, in place (in memory;
 * the next checkpoint writes it). Run after WORKBENCH_SCHEMA_SQL and before the journal replays.
 * Only ever adds: columns an older workbench does not know are ignored by its queries.
 */
export function migrateWorkbenchSchema(db: { exec(sql: string): { values: unknown[][] }[] }): void {
  const columns = db.exec('PRAGMA table_info(mlops_stage_executions)')[0]?.values.map((row) => row[1]) ?? [];
  if (!columns.includes('fingerprint')) db.exec('ALTER TABLE mlops_stage_executions ADD COLUMN fingerprint TEXT');
  db.exec('CREATE INDEX IF NOT EXISTS mlops_stage_executions_stage ON mlops_stage_executions (stage, ended_at)');
  db.exec(`INSERT OR REPLACE INTO mlops_store_meta (key, value) VALUES ('workbench_schema', '${WORKBENCH_SCHEMA_VERSION}')`);
}
