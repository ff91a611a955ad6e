import { existsSync } from 'node:fs';
import * as path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/**
 * Loads sql.js once per process. Bundles find `sql-wasm.wasm` beside themselves (the build copies it
 * there); tests and tools running from source find it in node_modules.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: (file) => locateWasm(file) });
  return loading;
}

function locateWasm(file: string): string {
  const beside = path.join(__dirname, file);
  if (existsSync(beside)) return beside;
  return require.resolve(`sql.js/dist/${file}`);
}
