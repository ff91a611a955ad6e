import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { StoreOwnedError } from './errors';

// The one-writer lock: `.mlops/lock`, mode 0600, JSON of the owner's pid, REST port and token.
// Created whole with link(2), which fails if the file exists, so two racing owners cannot both win.
// A lock whose pid is dead is stale and is taken over; takers serialize on a `lock.takeover`
// directory so one cannot delete a lock another taker just created.

export interface LockInfo {
  pid: number;
  host: string;
  port: number | null;
  token: string;
  startedAt: number;
}

export class StoreLock {
  private constructor(
    readonly file: string,
    readonly info: LockInfo,
  ) {}

  static acquire(file: string, port: number | null = null): StoreLock {
    const info: LockInfo = { pid: process.pid, host: hostname(), port, token: randomBytes(24).toString('hex'), startedAt: Date.now() };
    for (let attempt = 0; attempt < 50; attempt++) {
      if (tryCreate(file, info)) return new StoreLock(file, info);
      const owner = readLock(file);
      if (owner && isAlive(owner)) throw new StoreOwnedError(file, owner);
      takeOver(file, owner);
    }
    throw new Error(`Could not take the store lock ${file}: it keeps changing hands.`);
  }

  /** Records the port of the owner's REST server in the lock, for other processes to find. */
  setPort(port: number): void {
    this.info.port = port;
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.info), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  release(): void {
    const current = readLock(this.file);
    if (current?.token === this.info.token) fs.rmSync(this.file, { force: true });
  }
}

/** The lock's contents, or undefined if there is no lock or it is unreadable. */
export function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** A lock is live when its pid runs on this host. */
export function isAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true; // cannot tell: assume it lives
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(file: string, info: LockInfo): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function takeOver(file: string, stale: LockInfo | undefined): void {
  const guard = `${file}.takeover`;
  try {
    fs.mkdirSync(guard);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // Another process is taking over. A guard left by a taker that died is removed after a while.
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 5000) fs.rmSync(guard, { recursive: true, force: true });
    sleep(20);
    return;
  }
  try {
    // Remove only what was judged stale. A lock that reads as missing may be one another owner links
    // in this instant (its link(2) is not under the guard), so only an unreadable file that has sat
    // there a while counts as stale.
    const current = readLock(file);
    if (stale ? current?.token === stale.token : current === undefined && olderThan(file, 5000)) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(guard, { recursive: true, force: true });
  }
}

function olderThan(file: string, ms: number): boolean {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && Date.now() - stat.mtimeMs > ms;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
