import type { SqlRunner } from './sqlRunner';

// The journal operations of the registry edits beyond creating, deleting and moving aliases and
// stages (those are in ops.ts): renaming a registered model, and tags on models and versions. Each
// does what MLflow 3.17.2's SqlAlchemyStore does to the same tables.

export type RegistryOp =
  | { op: 'renameRegisteredModel'; name: string; newName: string; time: number }
  | { op: 'setRegisteredModelTag'; name: string; key: string; value: string }
  | { op: 'deleteRegisteredModelTag'; name: string; key: string }
  | { op: 'setModelVersionTag'; name: string; version: number; key: string; value: string }
  | { op: 'deleteModelVersionTag'; name: string; version: number; key: string };

const WS = 'default';

type Appliers = { [K in RegistryOp['op']]: (sql: SqlRunner, o: Extract<RegistryOp, { op: K }>) => void };

export const registryOpAppliers: Appliers = {
  // MLflow renames the model and its versions (their last_updated_time too); SQLite's ON UPDATE
  // CASCADE, on in MLflow's sessions, carries tags and aliases along. sql.js runs without foreign
  // keys, so every table is renamed here.
  renameRegisteredModel(sql, o) {
    sql.run('UPDATE registered_models SET name = ?, last_updated_time = ? WHERE workspace = ? AND name = ?', [o.newName, o.time, WS, o.name]);
    sql.run('UPDATE model_versions SET name = ?, last_updated_time = ? WHERE workspace = ? AND name = ?', [o.newName, o.time, WS, o.name]);
    for (const table of ['registered_model_tags', 'model_version_tags', 'registered_model_aliases']) {
      sql.run(`UPDATE ${table} SET name = ? WHERE workspace = ? AND name = ?`, [o.newName, WS, o.name]);
    }
  },
  setRegisteredModelTag(sql, o) {
    sql.run('INSERT OR REPLACE INTO registered_model_tags (key, value, name, workspace) VALUES (?,?,?,?)', [o.key, o.value, o.name, WS]);
  },
  deleteRegisteredModelTag(sql, o) {
    sql.run('DELETE FROM registered_model_tags WHERE workspace = ? AND name = ? AND key = ?', [WS, o.name, o.key]);
  },
  setModelVersionTag(sql, o) {
    sql.run('INSERT OR REPLACE INTO model_version_tags (key, value, name, version, workspace) VALUES (?,?,?,?,?)', [o.key, o.value, o.name, o.version, WS]);
  },
  deleteModelVersionTag(sql, o) {
    sql.run('DELETE FROM model_version_tags WHERE workspace = ? AND name = ? AND version = ? AND key = ?', [WS, o.name, o.version, o.key]);
  },
};
