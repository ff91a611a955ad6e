import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Content digests of the files and folders stages read and write, as DVC computes them: md5 (DVC's
// file hash, so a digest can be checked against a dvc.lock; MLflow's dataset digests are md5 too;
// change detection needs no collision resistance against an attacker).
// - A file: the md5 of its bytes, hex.
// - A folder: `<md5>.dir`, the md5 of one `relative/path\0digest\n` line per file inside it (paths
//   with `/`, sorted), so renaming, adding or changing any file changes it. Folders named `.git`,
//   `.mlops` and `__pycache__` are left out (Python writes bytecode next to the sources it imports).
// - A missing path has no digest (undefined).
//
// The cache file (`.mlops/digests.json`) maps a path relative to the pipeline root to
// [size, mtime_ns, inode, digest, hashedAtMs]. An entry is trusted only when size, mtime and inode
// match and the file's mtime is older than when it was hashed by more than the coarsest timestamp
// granularity (RACY_MS): a file written again within the same timestamp tick keeps its mtime, so a
// fresh entry is hashed once more on the next look. A warm check thus stats files and reads none.

export const DIGESTS_FILE = 'digests.json';
const CACHE_VERSION = 1;
const RACY_MS = 2000n;
const SKIPPED_FOLDERS = new Set(['.git', '.mlops', '__pycache__']);
const CHUNK = 1 << 20;
/** Relative, without `//`, a trailing `/` or `\\`, and no `.` or `..` segment (checked by notPlain). */
const plainRelative = /^[^/\\]/;
const notPlain = /\\|\/\/|\/$|(?:^|\/)\.\.?(?:\/|$)/;

type Entry = [size: number, mtimeNs: string, ino: string, digest: string, hashedAtMs: number];

export class DigestCache {
  /** Files whose digest came from the cache, and files read and hashed, since this cache was made. */
  readonly stats = { hits: 0, hashed: 0 };
  private readonly entries: Map<string, Entry>;
  private dirty = false;

  private constructor(
    readonly root: string,
    private readonly file: string | undefined,
    entries: Map<string, Entry>,
  ) {
    this.entries = entries;
  }

  /** A cache kept in `file` (read now if it exists; an unreadable cache starts empty). */
  static load(root: string, file: string): DigestCache {
    let entries = new Map<string, Entry>();
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: number; files?: Record<string, Entry> };
      if (parsed.version === CACHE_VERSION && parsed.files && typeof parsed.files === 'object') entries = new Map(Object.entries(parsed.files));
    } catch {
      // No cache yet, or a damaged one: it is only a cache, every digest can be computed again.
    }
    return new DigestCache(path.resolve(root), file, entries);
  }

  /** The project's cache: `.mlops/digests.json` beside mlops.yaml. */
  static forProject(root: string): DigestCache {
    return DigestCache.load(root, path.join(root, '.mlops', DIGESTS_FILE));
  }

  /** A cache held in memory only. */
  static inMemory(root: string): DigestCache {
    return new DigestCache(path.resolve(root), undefined, new Map());
  }

  /** The digest of a file or folder (relative to the root, or absolute), undefined when missing. */
  digest(p: string): string | undefined {
    // A plain relative path (as mlops.yaml has them) is its own key: no resolving back and forth.
    const plain = path.sep === '/' && this.root !== '/' && plainRelative.test(p) && !notPlain.test(p);
    const full = plain ? `${this.root}/${p}` : path.resolve(this.root, p);
    let stat: fs.BigIntStats | undefined;
    try {
      stat = fs.statSync(full, { bigint: true, throwIfNoEntry: false });
    } catch {
      stat = undefined;
    }
    if (!stat) {
      this.forget(full);
      return undefined;
    }
    if (stat.isDirectory()) return this.folderDigest(full, new Set([`${stat.dev}:${stat.ino}`]));
    return this.fileDigest(full, stat, plain ? p : undefined);
  }

  /** Writes the cache file if anything changed: a temp file renamed over it. */
  save(): void {
    if (!this.file || !this.dirty) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ version: CACHE_VERSION, files: Object.fromEntries(this.entries) }));
    fs.renameSync(temp, this.file);
    this.dirty = false;
  }

  private fileDigest(full: string, stat: fs.BigIntStats, key = this.key(full)): string {
    const entry = this.entries.get(key);
    const mtimeNs = stat.mtimeNs.toString();
    const ino = stat.ino.toString();
    if (entry && entry[0] === Number(stat.size) && entry[1] === mtimeNs && entry[2] === ino && stat.mtimeNs < (BigInt(entry[4]) - RACY_MS) * 1_000_000n) {
      this.stats.hits++;
      return entry[3];
    }
    const hashedAt = Date.now();
    const digest = md5File(full);
    this.stats.hashed++;
    this.entries.set(key, [Number(stat.size), mtimeNs, ino, digest, hashedAt]);
    this.dirty = true;
    return digest;
  }

  private folderDigest(folder: string, visiting: Set<string>): string {
    const lines: string[] = [];
    const walk = (dir: string) => {
      for (const name of fs.readdirSync(dir)) {
        const full = path.join(dir, name);
        let stat: fs.BigIntStats;
        try {
          stat = fs.statSync(full, { bigint: true });
        } catch {
          continue; // a dangling symlink, or a file removed while walking
        }
        if (stat.isDirectory()) {
          const id = `${stat.dev}:${stat.ino}`;
          if (SKIPPED_FOLDERS.has(name) || visiting.has(id)) continue; // symlink loops are walked once
          visiting.add(id);
          walk(full);
          visiting.delete(id);
        } else if (stat.isFile()) {
          lines.push(`${path.relative(folder, full).split(path.sep).join('/')}\0${this.fileDigest(full, stat)}\n`);
        }
      }
    };
    walk(folder);
    lines.sort();
    const hash = createHash('md5');
    for (const line of lines) hash.update(line);
    return `${hash.digest('hex')}.dir`;
  }

  private forget(full: string): void {
    if (this.entries.delete(this.key(full))) this.dirty = true;
  }

  private key(full: string): string {
    return path.relative(this.root, full).split(path.sep).join('/');
  }
}

/** The md5 of a file's bytes, read in chunks so large data files never sit in memory whole. */
export function md5File(file: string): string {
  const hash = createHash('md5');
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let n = fs.readSync(fd, buffer, 0, CHUNK, null); n > 0; n = fs.readSync(fd, buffer, 0, CHUNK, null)) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}
