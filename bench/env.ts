import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSqlJs } from '../src/core/store/sqlite';

/** What the figures were measured on: they mean little without it. */
export async function environmentLines(): Promise<string[]> {
  const SQL = await loadSqlJs();
  const wasm = new SQL.Database();
  const wasmSqlite = String(wasm.exec('SELECT sqlite_version()')[0].values[0][0]);
  wasm.close();
  const native = new Database(':memory:');
  const nativeSqlite = String(native.prepare('SELECT sqlite_version()').pluck().get());
  native.close();
  const cpus = os.cpus();
  return [
    `- date: ${new Date().toISOString()}`,
    `- node ${process.version} (${process.platform} ${os.release()}, ${process.arch})`,
    `- sql.js ${packageVersion('sql.js')} (SQLite ${wasmSqlite}); baseline better-sqlite3 ${packageVersion('better-sqlite3')} (SQLite ${nativeSqlite})`,
    `- CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; RAM ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- scratch folder: ${os.tmpdir()}`,
  ];
}

/** sql.js does not export its package.json, so it is read from beside the resolved entry point. */
function packageVersion(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (path.basename(dir) !== name && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}
