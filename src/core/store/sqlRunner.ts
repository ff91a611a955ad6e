import type { Database, SqlValue, Statement } from 'sql.js';

/**
 * sql.js with prepared statements cached by their text. `reset()` drops the cache: sql.js frees
 * every statement when the database is exported (a checkpoint), so they must be prepared again.
 */
export class SqlRunner {
  private statements = new Map<string, Statement>();

  constructor(readonly db: Database) {}

  run(sql: string, params: SqlValue[] = []): void {
    const stmt = this.prepare(sql);
    stmt.bind(params);
    stmt.step();
    stmt.reset();
  }

  /** The first row, or undefined. */
  row<T extends SqlValue[]>(sql: string, params: SqlValue[] = []): T | undefined {
    const stmt = this.prepare(sql);
    try {
      stmt.bind(params);
      return stmt.step() ? (stmt.get() as T) : undefined;
    } finally {
      stmt.reset();
    }
  }

  rows<T extends SqlValue[]>(sql: string, params: SqlValue[] = []): T[] {
    const stmt = this.prepare(sql);
    const out: T[] = [];
    try {
      stmt.bind(params);
      while (stmt.step()) out.push(stmt.get() as T);
    } finally {
      stmt.reset();
    }
    return out;
  }

  /** Runs `fn` atomically: on a throw every change it made is rolled back. */
  transaction<T>(fn: () => T): T {
    this.db.exec('SAVEPOINT op');
    try {
      const result = fn();
      this.db.exec('RELEASE op');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK TO op; RELEASE op');
      throw err;
    }
  }

  reset(): void {
    for (const stmt of this.statements.values()) stmt.free();
    this.statements.clear();
  }

  private prepare(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}
