import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from 'sql.js';
import { backUp, readDbFile, type DbFileStamp } from './dbFile';
import { StoreCorruptError } from './errors';
import { readJournal } from './journal';
import { MLFLOW_SCHEMA_SQL } from './mlflowSchema';
import mlflowVersion from './mlflowVersion.json';
import { applyOp, type Op } from './ops';
import { loadSqlJs } from './sqlite';
import { SqlRunner } from './sqlRunner';
import { StoreError } from './types';
import { migrateWorkbenchSchema, WORKBENCH_SCHEMA_SQL } from './workbenchSchema';

// Loading a store's state: `mlflow.db` (or a new database in MLflow's schema), then the journal
// records newer than the database's `journal_seq`, replayed in order. Reads files; writes none.

export const STORE_FILES = { database: 'mlflow.db', journal: 'journal', lock: 'lock', artifacts: 'artifacts' } as const;

export interface LoadedStore {
  sql: SqlRunner;
  /** The sequence number of the last operation in the state. */
  seq: number;
  /** The database file as loaded; undefined for a new store. */
  stamp: DbFileStamp | undefined;
  /** The journal's intact prefix and the torn tail after it, in bytes. */
  journalBytes: { valid: number; torn: number };
}

export async function loadStore(dir: string): Promise<LoadedStore> {
  const file = (name: string) => path.join(dir, name);
  const SQL = await loadSqlJs();
  const loaded = readDbFile(file(STORE_FILES.database));
  let db: Database;
  if (loaded) {
    db = new SQL.Database(loaded.bytes);
    checkMlflowDatabase(db, file(STORE_FILES.database));
  } else {
    db = new SQL.Database();
    db.exec(MLFLOW_SCHEMA_SQL);
    initMlflowRows(db, dir);
  }
  db.exec(WORKBENCH_SCHEMA_SQL);
  migrateWorkbenchSchema(db);
  tunePragmas(db);
  const sql = new SqlRunner(db);
  const baseSeq = Number(sql.row<[string]>("SELECT value FROM mlops_store_meta WHERE key = 'journal_seq'")?.[0] ?? 0);

  const journalFile = file(STORE_FILES.journal);
  let seq = baseSeq;
  db.exec('BEGIN');
  const journal = readJournal<Op & { seq: number }>(journalFile, (record) => {
    if (record.seq <= baseSeq) return;
    try {
      sql.transaction(() => applyOp(sql, record));
    } catch (err) {
      throw new StoreCorruptError(journalFile, `record ${record.seq} (${record.op}) cannot be applied: ${(err as Error).message}`, backUp(journalFile));
    }
    seq = record.seq;
  });
  db.exec('COMMIT');
  return { sql, seq, stamp: loaded?.stamp, journalBytes: { valid: journal.validBytes, torn: journal.tornBytes } };
}

/** sql.js keeps the database in memory: its own rollback journal stays in memory too. */
export function tunePragmas(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -131072');
}

export function artifactRootUri(dir: string, experimentId: string): string {
  return pathToFileURL(path.join(dir, STORE_FILES.artifacts, experimentId)).href;
}

function checkMlflowDatabase(db: Database, file: string): void {
  let revision: string | undefined;
  try {
    revision = db.exec('SELECT version_num FROM alembic_version')[0]?.values[0]?.[0] as string | undefined;
  } catch (err) {
    throw new StoreCorruptError(file, `it cannot be read as an MLflow database (${(err as Error).message})`, backUp(file));
  }
  if (revision !== mlflowVersion.alembicHead) {
    throw new StoreError(
      'INVALID_STATE',
      `${file} is at MLflow schema revision ${revision ?? '(none)'}; this workbench writes revision ${mlflowVersion.alembicHead} (MLflow ${mlflowVersion.mlflow}). ` +
        'Open it read-only with "MLOps: Open MLflow Data…", or upgrade it with `mlflow db upgrade`.',
    );
  }
}

/** What MLflow's own store writes into a new database: the revision, the workspace, experiment 0. */
function initMlflowRows(db: Database, dir: string): void {
  const now = Date.now();
  db.run('INSERT INTO alembic_version (version_num) VALUES (?)', [mlflowVersion.alembicHead]);
  db.run("INSERT INTO workspaces (name, description) VALUES ('default', 'Default workspace for legacy resources')");
  db.run("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) VALUES (0, 'Default', ?, 'active', ?, ?, 'default')", [
    artifactRootUri(dir, '0'), now, now,
  ]);
}
