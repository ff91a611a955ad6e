import * as fs from 'node:fs';
import * as path from 'node:path';
import { STORE_FILES } from '../store/embeddedStore';

// When each stage's last successful execution ended according to the store's ledger, remembered
// in `ledger-ends.json` in the store folder with the stamps (size, mtime, inode) of the files that
// hold the store's state, mlflow.db and the journal: while both are as stamped, the ledger is as it
// was, so a warm `mlops status` compares these ends with stages.json instead of loading the store.
// The stamps are taken before the store is loaded (a write in between only makes them stale), and
// are trusted only for files older than RACY_MS when stamped: a file rewritten to the same size
// within one mtime tick would otherwise look unchanged.
//
// ledger-ends.json: {"version": 1, "takenAtMs", "db": stamp, "journal": stamp, "ends": {"<stage>": endedAt}},
// a stamp being [size, mtime_ns, inode] or null for a missing file.

export const LEDGER_ENDS_FILE = 'ledger-ends.json';
const VERSION = 1;
const RACY_MS = 2000n;

/** Stage name to the end of its last successful execution in the ledger (null: recorded without one). */
export type LedgerEnds = Map<string, number | null>;

type FileStamp = [size: number, mtimeNs: string, ino: string] | null;

export interface StoreStamp {
  takenAtMs: number;
  db: FileStamp;
  journal: FileStamp;
}

/** The store folder's state files as they are now; undefined when one cannot be looked at. */
export function stampStore(dir: string): StoreStamp | undefined {
  try {
    return { takenAtMs: Date.now(), db: stampOf(path.join(dir, STORE_FILES.database)), journal: stampOf(path.join(dir, STORE_FILES.journal)) };
  } catch {
    return undefined;
  }
}

/** The ends saved for the store in `dir`, when its files are still as they were then; else undefined. */
export function readLedgerEnds(dir: string): LedgerEnds | undefined {
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(dir, LEDGER_ENDS_FILE), 'utf8')) as Partial<StoreStamp> & { version?: number; ends?: Record<string, number | null> };
    const now = stampStore(dir);
    if (saved?.version !== VERSION || typeof saved.takenAtMs !== 'number' || !saved.ends || typeof saved.ends !== 'object' || !now) return undefined;
    const settled = (s: FileStamp | undefined) => s === null || (Array.isArray(s) && BigInt(s[1]) < (BigInt(saved.takenAtMs!) - RACY_MS) * 1_000_000n);
    const same = (a: FileStamp | undefined, b: FileStamp) => (a === null ? b === null : Array.isArray(a) && b !== null && a[0] === b[0] && a[1] === b[1] && a[2] === b[2]);
    if (!same(saved.db, now.db) || !same(saved.journal, now.journal) || !settled(saved.db) || !settled(saved.journal)) return undefined;
    const ends = Object.entries(saved.ends);
    return ends.every(([, end]) => end === null || typeof end === 'number') ? new Map(ends) : undefined;
  } catch {
    return undefined; // none yet, or damaged: the ledger is read instead
  }
}

/** Saves the ends read from a store loaded after `stamp` was taken. Best effort: it is only a shortcut. */
export function saveLedgerEnds(dir: string, stamp: StoreStamp, ends: LedgerEnds): void {
  const file = path.join(dir, LEDGER_ENDS_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, JSON.stringify({ version: VERSION, ...stamp, ends: Object.fromEntries(ends) }));
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

function stampOf(file: string): FileStamp {
  const s = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  return s ? [Number(s.size), s.mtimeNs.toString(), s.ino.toString()] : null;
}
