import * as fs from 'node:fs';
import type { Metric } from '../store/types';
import { metricsFormat, parseHistoryLines, readMetricsFile, type MetricsFormat } from './metricsFiles';

// A declared metrics file followed while its stage runs (live metrics), then read to its end.
// - A file that is still as it was when the stage started (same inode, size, mtime) was not written
//   by this run: it yields nothing, and `written` stays false.
// - Step histories (JSON lines, CSV, TSV) are read as they grow: `poll()` returns the points of
//   whole lines added since the last call; `finish()` also takes a last line without its newline.
// - A file replaced (new inode) or cut shorter is read again from its start; points already
//   returned (same key, step and value) are not returned again, so a history rewritten whole at
//   every epoch yields each point once.
// - JSON scalars are read once, by `finish()`.

interface Stamp {
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

export class MetricsTail {
  readonly format: MetricsFormat;
  private readonly before: Stamp | undefined;
  private changed = false;
  private ino: bigint | undefined;
  private offset = 0;
  private rows = 0;
  private header: string[] | undefined;
  private readonly seen = new Set<string>();

  constructor(readonly file: string) {
    this.format = metricsFormat(file);
    this.before = stampOf(file);
  }

  /** Whether the stage wrote the file (it changed since the tail started). */
  get written(): boolean {
    if (!this.changed) {
      const now = stampOf(this.file);
      this.changed = now !== undefined && (!this.before || now.ino !== this.before.ino || now.size !== this.before.size || now.mtimeNs !== this.before.mtimeNs);
    }
    return this.changed;
  }

  /** New points from the whole lines written since the last call. Throws on a line that cannot be parsed. */
  poll(now = Date.now()): Metric[] {
    if (this.format === 'json' || !this.written) return [];
    return this.readNew(false, now);
  }

  /** Everything not yet returned, the last line too; for JSON, its scalars. */
  finish(now = Date.now()): Metric[] {
    if (!this.written) return [];
    if (this.format === 'json') return this.unseen(readMetricsFile(this.file, now));
    return this.readNew(true, now);
  }

  private readNew(toEnd: boolean, now: number): Metric[] {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return []; // between a delete and a rename: the next poll sees the new file
    }
    try {
      const stat = fs.fstatSync(fd, { bigint: true });
      if (stat.ino !== this.ino || Number(stat.size) < this.offset) {
        this.ino = stat.ino;
        this.offset = 0;
        this.rows = 0;
        this.header = undefined;
      }
      const length = Number(stat.size) - this.offset;
      if (length <= 0) return [];
      const bytes = Buffer.allocUnsafe(length);
      const read = fs.readSync(fd, bytes, 0, length, this.offset);
      const end = toEnd ? read : bytes.lastIndexOf(0x0a, read - 1) + 1;
      if (end <= 0) return [];
      const lines = bytes.subarray(0, end).toString('utf8').split('\n');
      let parsed;
      try {
        parsed = parseHistoryLines(this.format as Exclude<MetricsFormat, 'json'>, lines, this.rows, this.header, now);
      } catch (err) {
        throw new Error(`Cannot read metrics from ${this.file}: ${(err as Error).message}`);
      }
      this.offset += end;
      this.rows += parsed.rows;
      this.header = parsed.header;
      return this.unseen(parsed.points);
    } finally {
      fs.closeSync(fd);
    }
  }

  private unseen(points: Metric[]): Metric[] {
    return points.filter((p) => {
      const key = `${p.key}\0${p.step}\0${p.value}`;
      if (this.seen.has(key)) return false;
      this.seen.add(key);
      return true;
    });
  }
}

function stampOf(file: string): Stamp | undefined {
  try {
    const s = fs.statSync(file, { bigint: true });
    return { ino: s.ino, size: s.size, mtimeNs: s.mtimeNs };
  } catch {
    return undefined;
  }
}
