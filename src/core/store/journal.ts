import * as fs from 'node:fs';
import { crc32 } from 'node:zlib';
import { StoreCorruptError } from './errors';

// The journal: an append-only file of the store's write operations since the last checkpoint.
//
// Format: an 8-byte magic, then records of [u32 LE length][u32 LE crc32 of payload][payload], the
// payload being one operation as UTF-8 JSON carrying its sequence number `seq`.
//
// Contract:
// - A write is acknowledged only after its record is fsync'ed. Records are written in apply order,
//   and one fdatasync covers every record written before it started (group commit).
// - A record cut short at the end of the file (a torn tail) was never acknowledged: readers ignore
//   it and the next writer backs the file up and cuts the tail before appending.
// - A bad record followed by more data is corruption: opening fails, nothing is overwritten.

const MAGIC = Buffer.from('MLOPSJ1\n');
const HEADER = 8;

export interface JournalExtent {
  /** Byte length of the intact prefix (magic + whole, valid records). */
  validBytes: number;
  /** Bytes after the intact prefix: a torn tail left by a crash. */
  tornBytes: number;
}

/**
 * Calls `onRecord` with each intact record in order, parsing one at a time so a long journal is
 * never held as objects all at once. Throws StoreCorruptError for damage that is not a torn tail.
 */
export function readJournal<T>(file: string, onRecord: (record: T) => void): JournalExtent {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { validBytes: 0, tornBytes: 0 };
    throw err;
  }
  if (data.length === 0) return { validBytes: 0, tornBytes: 0 };
  if (data.length < MAGIC.length || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    if (MAGIC.subarray(0, data.length).equals(data)) return { validBytes: 0, tornBytes: data.length };
    throw new StoreCorruptError(file, 'it does not start with the journal header');
  }
  let offset = MAGIC.length;
  while (offset < data.length) {
    if (data.length - offset < HEADER) break;
    const length = data.readUInt32LE(offset);
    const end = offset + HEADER + length;
    if (end > data.length) break;
    const payload = data.subarray(offset + HEADER, end);
    if (crc32(payload) !== data.readUInt32LE(offset + 4)) {
      if (end === data.length) break; // the last record, cut or half-written: a torn tail
      throw new StoreCorruptError(file, `the record at byte ${offset} fails its checksum and more records follow it`);
    }
    let record: T;
    try {
      record = JSON.parse(payload.toString('utf8')) as T;
    } catch {
      throw new StoreCorruptError(file, `the record at byte ${offset} is not valid JSON`);
    }
    onRecord(record);
    offset = end;
  }
  return { validBytes: offset, tornBytes: data.length - offset };
}

export function encodeRecord(payload: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const record = Buffer.allocUnsafe(HEADER + body.length);
  record.writeUInt32LE(body.length, 0);
  record.writeUInt32LE(crc32(body), 4);
  body.copy(record, HEADER);
  return record;
}

interface Waiter {
  position: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** The writer's handle on the journal. One per store owner. */
export class JournalWriter {
  private readonly fd: number;
  private size: number;
  private synced: number;
  private syncing = false;
  private epoch = 0;
  private waiters: Waiter[] = [];
  private failure: Error | undefined;

  /** Opens for appending; an intact prefix of `validBytes` is kept and anything after it is cut. */
  constructor(
    readonly file: string,
    validBytes: number,
  ) {
    this.fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    if (validBytes < MAGIC.length) {
      fs.ftruncateSync(this.fd, 0);
      fs.writeSync(this.fd, MAGIC, 0, MAGIC.length, 0);
      validBytes = MAGIC.length;
    } else if (fs.fstatSync(this.fd).size !== validBytes) {
      fs.ftruncateSync(this.fd, validBytes);
    }
    fs.fdatasyncSync(this.fd);
    this.size = validBytes;
    this.synced = validBytes;
  }

  /** Bytes of records since the last checkpoint. */
  get pendingBytes(): number {
    return this.size - MAGIC.length;
  }

  /** Writes the record now, in order; the promise settles once it is on stable storage. */
  append(payload: unknown): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const record = encodeRecord(payload);
    try {
      writeAll(this.fd, record, this.size);
    } catch (err) {
      this.fail(err as Error);
      return Promise.reject(this.failure);
    }
    this.size += record.length;
    const position = this.size;
    return new Promise((resolve, reject) => {
      this.waiters.push({ position, resolve, reject });
      if (!this.syncing) this.sync();
    });
  }

  /** Waits until every record written so far is on stable storage. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.synced === this.size) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ position: this.size, resolve, reject });
      if (!this.syncing) this.sync();
    });
  }

  /** Drops every record: call only after a durable checkpoint holds them all. Settles every waiter. */
  reset(): void {
    fs.ftruncateSync(this.fd, MAGIC.length);
    fs.fdatasyncSync(this.fd);
    this.size = this.synced = MAGIC.length;
    this.epoch++;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private sync(): void {
    this.syncing = true;
    const covered = this.size;
    const epoch = this.epoch;
    fs.fdatasync(this.fd, (err) => {
      this.syncing = false;
      if (err) return this.fail(err);
      if (epoch === this.epoch) {
        this.synced = covered;
        const still: Waiter[] = [];
        for (const w of this.waiters) (w.position <= covered ? w.resolve() : still.push(w));
        this.waiters = still;
      }
      if (this.waiters.length > 0) this.sync();
    });
  }

  private fail(err: Error): void {
    this.failure = new Error(`Writing the journal ${this.file} failed (${err.message}); the store is now read-only. Nothing acknowledged was lost.`);
    for (const w of this.waiters) w.reject(this.failure);
    this.waiters = [];
    this.syncing = false;
    try {
      fs.ftruncateSync(this.fd, this.synced);
    } catch {
      // Best effort: a torn tail left here is ignored by the next reader anyway.
    }
  }
}

function writeAll(fd: number, buf: Buffer, position: number): void {
  let written = 0;
  while (written < buf.length) written += fs.writeSync(fd, buf, written, buf.length - written, position + written);
}
