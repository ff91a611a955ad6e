import type { Database, SqlJsStatic } from 'sql.js';
import { MLFLOW_SCHEMA_SQL } from '../store/mlflowSchema';

// Brings an in-memory copy of an older mlflow.db to the shape the embedded store's reads expect
// (MLflow's schema at the head this workbench writes): tables it lacks are created, columns it
// lacks are added with their defaults, indexes it lacks are built. Only the copy changes.
// Columns the head no longer has (spans.dimension_attributes before 3.17) stay: every read names
// its columns. Between the supported revisions (revisions.ts) nothing our reads use was renamed.

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  defaultValue: string | null;
}

let reference: { tables: Map<string, string>; indexes: Map<string, string>; columns: Map<string, Column[]> } | undefined;

export function conformToHeadSchema(SQL: SqlJsStatic, db: Database): void {
  const head = headSchema(SQL);
  const present = new Set(names(db, 'table'));
  for (const [table, createSql] of head.tables) {
    if (!present.has(table)) {
      db.exec(createSql);
      continue;
    }
    const have = new Set(columns(db, table).map((c) => c.name));
    for (const c of head.columns.get(table)!) if (!have.has(c.name)) db.exec(addColumnSql(table, c));
  }
  const indexes = new Set(names(db, 'index'));
  for (const [index, createSql] of head.indexes) {
    if (indexes.has(index)) continue;
    try {
      db.exec(createSql);
    } catch {
      // A UNIQUE index that older rows violate: reads do not need it.
    }
  }
  // MLflow's registry deletes a model version by marking it; the embedded store's reads expect it gone.
  db.exec(`DELETE FROM model_version_tags WHERE (workspace, name, version) IN
             (SELECT workspace, name, version FROM model_versions WHERE current_stage = 'Deleted_Internal');
           DELETE FROM model_versions WHERE current_stage = 'Deleted_Internal'`);
}

function headSchema(SQL: SqlJsStatic): NonNullable<typeof reference> {
  if (reference) return reference;
  const db = new SQL.Database();
  try {
    db.exec(MLFLOW_SCHEMA_SQL);
    const objects = (type: string) => new Map(rows<[string, string]>(db, 'SELECT name, sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL ORDER BY rowid', [type]));
    const tables = objects('table');
    const columnsByTable = new Map([...tables.keys()].map((t) => [t, columns(db, t)]));
    reference = { tables, indexes: objects('index'), columns: columnsByTable };
    return reference;
  } finally {
    db.close();
  }
}

function addColumnSql(table: string, c: Column): string {
  // SQLite adds a column only with a constant default, and NOT NULL only with a default.
  const constant = c.defaultValue !== null && !c.defaultValue.startsWith('(') ? ` DEFAULT ${c.defaultValue}` : '';
  const notNull = c.notNull && constant ? ' NOT NULL' : '';
  return `ALTER TABLE ${quote(table)} ADD COLUMN ${quote(c.name)} ${c.type}${constant}${notNull}`;
}

function names(db: Database, type: 'table' | 'index'): string[] {
  return rows<[string]>(db, 'SELECT name FROM sqlite_master WHERE type = ?', [type]).map(([n]) => n);
}

function columns(db: Database, table: string): Column[] {
  return rows<[string, string, number, string | null]>(db, 'SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?)', [table]).map(([name, type, notNull, defaultValue]) => ({
    name,
    type,
    notNull: notNull === 1,
    defaultValue,
  }));
}

function rows<T extends unknown[]>(db: Database, sql: string, params: (string | number)[]): T[] {
  const stmt = db.prepare(sql);
  const out: T[] = [];
  try {
    stmt.bind(params);
    while (stmt.step()) out.push(stmt.get() as T);
  } finally {
    stmt.free();
  }
  return out;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
