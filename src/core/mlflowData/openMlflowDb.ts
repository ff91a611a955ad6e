import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { EmbeddedStore } from '../store/embeddedStore';
import { loadSqlJs } from '../store/sqlite';
import { SqlRunner } from '../store/sqlRunner';
import { migrateWorkbenchSchema, WORKBENCH_SCHEMA_SQL } from '../store/workbenchSchema';
import { conformToHeadSchema } from './conformSchema';
import { MlflowDataError } from './errors';
import { judgeRevision, SUPPORTED_RELEASES } from './revisions';

// An mlflow.db written by MLflow (its SQLAlchemy store), opened read-only: the file's bytes are
// copied into sql.js's memory, brought to the head schema there, and read by the embedded store's
// own read code. The file is only ever read.

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqliteHeader(head: Buffer): boolean {
  return head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC);
}

export async function openMlflowDb(file: string): Promise<EmbeddedStore> {
  const bytes = fs.readFileSync(file);
  if (!isSqliteHeader(bytes)) throw new MlflowDataError(file, `${file} is not an SQLite database (an mlflow.db): its header is not "SQLite format 3".`);
  checkNoPendingWal(file);
  if (bytes[18] === 2) bytes[18] = bytes[19] = 1; // WAL mode: read the main file as is (sql.js keeps no -wal); only the copy changes
  const SQL = await loadSqlJs();
  const db = openCopy(SQL, file, bytes);
  try {
    const revision = alembicRevision(db, file);
    const verdict = judgeRevision(revision);
    if (!verdict.supported) {
      throw new MlflowDataError(
        file,
        `mlflow.db at ${file} has schema revision ${revision} (${verdict.mlflow}); this version of MLOps Workbench reads the revisions of ${SUPPORTED_RELEASES}. ` +
          (verdict.mlflow.includes('newer')
            ? 'Update MLOps Workbench, or serve the file with the MLflow that wrote it (`mlflow server --backend-store-uri sqlite:///…`) and connect to that server (`--store http://127.0.0.1:5000`).'
            : `Upgrade a copy with MLflow 3.14 or newer: \`cp ${file} upgraded.db && mlflow db upgrade sqlite:///upgraded.db\`, then open upgraded.db.`),
      );
    }
    try {
      conformToHeadSchema(SQL, db);
    } catch (err) {
      throw damaged(file, err);
    }
    db.exec(WORKBENCH_SCHEMA_SQL);
    migrateWorkbenchSchema(db);
    return EmbeddedStore.fromDatabase(new SqlRunner(db), { dir: path.dirname(file), description: `MLflow data ${file} (${verdict.mlflow}, read-only)` });
  } catch (err) {
    db.close();
    throw err;
  }
}

function openCopy(SQL: SqlJsStatic, file: string, bytes: Uint8Array): Database {
  try {
    const db = new SQL.Database(bytes);
    db.exec('SELECT count(*) FROM sqlite_master');
    return db;
  } catch (err) {
    throw damaged(file, err);
  }
}

function damaged(file: string, err: unknown): MlflowDataError {
  return new MlflowDataError(file, `${file} cannot be read as an MLflow database (${(err as Error).message}); it may be damaged or truncated. Nothing was changed.`);
}

function alembicRevision(db: Database, file: string): string {
  let hasTable: boolean;
  let revision: string | undefined;
  try {
    hasTable = db.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").length > 0;
    revision = hasTable ? (db.exec('SELECT version_num FROM alembic_version')[0]?.values[0]?.[0] as string | undefined) : undefined;
  } catch (err) {
    throw damaged(file, err);
  }
  if (!revision) {
    throw new MlflowDataError(file, `${file} is an SQLite database but not an MLflow one: it has no ${hasTable ? 'revision in its ' : ''}alembic_version table. Expected an mlflow.db written by ${SUPPORTED_RELEASES}.`);
  }
  return revision;
}

/** Changes MLflow committed into `<file>-wal` but not yet into the file would be missed: refuse. */
function checkNoPendingWal(file: string): void {
  let size = 0;
  try {
    size = fs.statSync(`${file}-wal`).size;
  } catch {
    return;
  }
  if (size > 0) {
    throw new MlflowDataError(
      file,
      `${file}-wal holds changes not yet folded into ${file} (a process is writing it, or one stopped mid-way). Stop the MLflow process using it, or run \`sqlite3 ${file} "PRAGMA wal_checkpoint"\`, then open it again.`,
    );
  }
}
