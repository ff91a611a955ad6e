import * as fs from 'node:fs';
import * as path from 'node:path';
import { StoreChangedOnDiskError, StoreCorruptError } from './errors';

// The database file on disk: read with its SQLite header checked, and replaced only by checkpoints
// (temp file, fsync, rename, fsync of the folder), and only when the file on disk is still the one
// this process loaded or last wrote: SQLite's header keeps a file change counter that any other
// writer (an `mlflow server` pointed at the file, say) bumps.

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** What identifies one version of the file on disk. */
export interface DbFileStamp {
  size: number;
  changeCounter: number;
}

export function readDbFile(file: string): { bytes: Uint8Array; stamp: DbFileStamp } | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  checkHeader(file, bytes);
  return { bytes, stamp: stampOf(bytes) };
}

/** Writes a checkpoint atomically. Refuses if the file on disk is not the version `expected` names. */
export function writeDbFile(file: string, bytes: Uint8Array, expected: DbFileStamp | undefined): DbFileStamp {
  const onDisk = readStamp(file);
  if (!sameStamp(onDisk, expected)) throw new StoreChangedOnDiskError(file);
  const tmp = `${file}.checkpoint-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncFolder(path.dirname(file));
  return stampOf(bytes);
}

/** Removes temp files of checkpoints cut short by a crash. Call only while holding the lock. */
export function removeUnfinishedCheckpoints(file: string): void {
  const prefix = `${path.basename(file)}.checkpoint-`;
  for (const name of fs.readdirSync(path.dirname(file))) if (name.startsWith(prefix)) fs.rmSync(path.join(path.dirname(file), name), { force: true });
}

/** Keeps a copy of a damaged file beside it, never touching the original. */
export function backUp(file: string): string {
  const backup = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.copyFileSync(file, backup, fs.constants.COPYFILE_EXCL);
  return backup;
}

export function syncFolder(folder: string): void {
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function readStamp(file: string): DbFileStamp | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const header = Buffer.alloc(100);
    fs.readSync(fd, header, 0, 100, 0);
    return { size: fs.fstatSync(fd).size, changeCounter: header.readUInt32BE(24) };
  } finally {
    fs.closeSync(fd);
  }
}

function stampOf(bytes: Uint8Array): DbFileStamp {
  return { size: bytes.length, changeCounter: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readUInt32BE(24) };
}

function sameStamp(a: DbFileStamp | undefined, b: DbFileStamp | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.size === b.size && a.changeCounter === b.changeCounter);
}

function checkHeader(file: string, bytes: Buffer): void {
  const damaged = (reason: string) => new StoreCorruptError(file, reason, backUp(file));
  if (bytes.length < 100 || !bytes.subarray(0, 16).equals(MAGIC)) throw damaged('it is not an SQLite database (bad header)');
  const rawPageSize = bytes.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw damaged(`its header names an impossible page size ${rawPageSize}`);
  if (bytes.length % pageSize !== 0) throw damaged(`its size ${bytes.length} is not a whole number of ${pageSize}-byte pages (truncated?)`);
  const pages = bytes.readUInt32BE(28);
  const headerSizeValid = bytes.readUInt32BE(92) === bytes.readUInt32BE(24);
  if (headerSizeValid && pages * pageSize !== bytes.length) {
    throw damaged(`its header says ${pages} pages of ${pageSize} bytes but the file holds ${bytes.length / pageSize} (truncated?)`);
  }
}
