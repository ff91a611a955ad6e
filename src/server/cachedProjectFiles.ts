// The project's files as the validator reads them, remembered between validations: a keystroke in
// mlops.yaml never reads a params, metrics or data file again. File events from the client's
// watcher (workspace/didChangeWatchedFiles) drop what they make stale.
import { diskProjectFiles, globToRegExp, type ProjectFiles } from '../core/config/projectFiles';
import { isWithin, normalizePath } from '../core/config/paths';

export type FileChange = 'created' | 'changed' | 'deleted';

export class CachedProjectFiles implements ProjectFiles {
  private readonly existing = new Map<string, boolean>();
  private readonly texts = new Map<string, string | undefined>();
  private readonly headers = new Map<string, string | undefined>();
  private readonly globs = new Map<string, string[]>();

  constructor(private readonly disk: ProjectFiles) {}

  exists(relPath: string): boolean {
    return remember(this.existing, relPath, () => this.disk.exists(relPath));
  }

  readText(relPath: string): string | undefined {
    return remember(this.texts, relPath, () => this.disk.readText(relPath));
  }

  readHeader(relPath: string): string | undefined {
    return remember(this.headers, relPath, () => this.disk.readHeader(relPath));
  }

  glob(pattern: string): string[] {
    return remember(this.globs, pattern, () => this.disk.glob(pattern));
  }

  /**
   * Forgets what a change of `relPath` (relative to the root, `/` separators) makes stale. A created
   * or deleted folder stands for everything inside it. Returns whether anything was forgotten, that is
   * whether a validation that used these files may now read differently.
   */
  invalidate(relPath: string, change: FileChange): boolean {
    const changed = normalizePath(relPath);
    const hit = (key: string): boolean => {
      const path = normalizePath(key);
      return change === 'changed' ? path === changed : isWithin(path, changed) || isWithin(changed, path);
    };
    let stale = forget(this.texts, hit) + forget(this.headers, hit);
    if (change !== 'changed') {
      stale += forget(this.existing, hit);
      stale += forget(this.globs, (pattern, files) => files.some(hit) || globToRegExp(normalizePath(pattern)).test(changed) || changesFolderOf(pattern, changed));
    }
    return stale > 0;
  }
}

/** One cache per pipeline root (the folder holding an mlops.yaml). */
export class ProjectFilesCache {
  private readonly roots = new Map<string, CachedProjectFiles>();

  constructor(private readonly open: (root: string) => ProjectFiles = diskProjectFiles) {}

  for(root: string): CachedProjectFiles {
    let files = this.roots.get(root);
    if (!files) {
      files = new CachedProjectFiles(this.open(root));
      this.roots.set(root, files);
    }
    return files;
  }

  /** Drops a root's cache, e.g. when its last open mlops.yaml closes. */
  drop(root: string): void {
    this.roots.delete(root);
  }

  /** Applies a file event (absolute path) to every root; returns the roots whose cache had stale entries. */
  fileChanged(absPath: string, change: FileChange, relative: (root: string, absPath: string) => string): string[] {
    const stale: string[] = [];
    for (const [root, files] of this.roots) {
      if (files.invalidate(relative(root, absPath), change)) stale.push(root);
    }
    return stale;
  }
}

function remember<K, V>(cache: Map<K, V>, key: K, read: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = read();
  cache.set(key, value);
  return value;
}

function forget<V>(cache: Map<string, V>, stale: (key: string, value: V) => boolean): number {
  let count = 0;
  for (const [key, value] of cache) {
    if (!stale(key, value)) continue;
    cache.delete(key);
    count++;
  }
  return count;
}

/**
 * A folder created or deleted under a glob's fixed part (the folders before its first wildcard) may
 * hold files the glob matches; so may a created or deleted folder that holds that fixed part.
 */
function changesFolderOf(pattern: string, changed: string): boolean {
  const parts = normalizePath(pattern).split('/');
  const wildcard = parts.findIndex((part) => /[*?[]/.test(part));
  const fixed = parts.slice(0, wildcard === -1 ? parts.length : wildcard).join('/');
  return isWithin(fixed, changed) || (wildcard !== -1 && isWithin(changed, fixed));
}
