import { EmbeddedStore } from '../store/embeddedStore';
import mlflowVersion from '../store/mlflowVersion.json';
import { MLFLOW_SCHEMA_SQL } from '../store/mlflowSchema';
import { loadSqlJs } from '../store/sqlite';
import { SqlRunner } from '../store/sqlRunner';
import { migrateWorkbenchSchema, WORKBENCH_SCHEMA_SQL } from '../store/workbenchSchema';
import { MlflowDataError } from './errors';
import { importMlruns } from './importMlruns';

/** An mlruns/ tree (MLflow's file store), read into memory once and served read-only. */
export async function openMlruns(root: string): Promise<EmbeddedStore> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    db.exec(MLFLOW_SCHEMA_SQL);
    db.run('INSERT INTO alembic_version (version_num) VALUES (?)', [mlflowVersion.alembicHead]);
    db.run("INSERT INTO workspaces (name, description) VALUES ('default', 'Default workspace for legacy resources')");
    db.exec(WORKBENCH_SCHEMA_SQL);
    migrateWorkbenchSchema(db);
    const sql = new SqlRunner(db);
    db.exec('BEGIN');
    try {
      importMlruns(root, sql);
    } catch (err) {
      if (err instanceof MlflowDataError) throw err;
      throw new MlflowDataError(root, `${root} cannot be read as an MLflow file store: ${(err as Error).message}. Nothing was changed.`);
    }
    db.exec('COMMIT');
    return EmbeddedStore.fromDatabase(sql, { dir: root, description: `MLflow data ${root} (file store, read-only)` });
  } catch (err) {
    db.close();
    throw err;
  }
}
