import * as fs from 'node:fs';
import * as path from 'node:path';

// A Delta table's current version, read from its transaction log (Delta protocol, "Delta Log
// Entries"): the highest version among the commit files `<v>.json`, the checkpoints
// `<v>.checkpoint.parquet`, `<v>.checkpoint.<part>.<parts>.parquet` and `<v>.checkpoint.<uuid>.{json,parquet}`,
// the log compactions `<from>.<to>.compacted.json`, and `_last_checkpoint`'s `version` (log cleanup
// may have removed the commit files a checkpoint covers). Versions are 20-digit, zero-padded.
// Not read: commits a catalog has ratified but not yet published (`_delta_log/_staged_commits/`).

const VERSIONED = [
  /^(\d{20})\.json$/,
  /^(\d{20})\.checkpoint\.parquet$/,
  /^(\d{20})\.checkpoint\.\d{10}\.\d{10}\.parquet$/,
  /^(\d{20})\.checkpoint\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(?:json|parquet)$/i,
  /^\d{20}\.(\d{20})\.compacted\.json$/,
];

/** True when `dir` is a folder holding a `_delta_log/` folder. */
export function isDeltaTable(dir: string): boolean {
  try {
    return fs.statSync(path.join(dir, '_delta_log')).isDirectory();
  } catch {
    return false;
  }
}

/** The table's current version; an error naming the log when it holds no commit or checkpoint. */
export function deltaTableVersion(dir: string): number {
  const log = path.join(dir, '_delta_log');
  let highest = -1;
  for (const name of fs.readdirSync(log)) {
    for (const pattern of VERSIONED) {
      const m = pattern.exec(name);
      if (m) highest = Math.max(highest, Number(m[1]));
    }
  }
  highest = Math.max(highest, lastCheckpointVersion(log) ?? -1);
  if (highest < 0) throw new Error(`${log} holds no Delta commit or checkpoint: cannot tell the table's version.`);
  return highest;
}

/** `_last_checkpoint`'s version; undefined when absent or unreadable (it is only a hint, per the protocol). */
function lastCheckpointVersion(log: string): number | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(log, '_last_checkpoint'), 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'number' && Number.isSafeInteger(parsed.version) && parsed.version >= 0 ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}
