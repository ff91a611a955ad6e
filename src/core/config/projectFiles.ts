import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';

// The files of a project as the validator sees them: paths relative to the folder holding
// mlops.yaml, with `/` separators. The language server wraps `diskProjectFiles` with a cache that
// file watching invalidates, so a keystroke never re-reads a data file.

export interface ProjectFiles {
  /** Whether a file or folder exists. */
  exists(relPath: string): boolean;
  readText(relPath: string): string | undefined;
  /** The first line only (without its line break), read without loading the whole file. */
  readHeader(relPath: string): string | undefined;
  /** Files (not folders) matching a glob with `*`, `?`, `**` and `[...]`, sorted; a pattern without wildcards matches that one file. */
  glob(pattern: string): string[];
}

const headerChunk = 64 * 1024;
/** A glob never walks into these. */
const skippedFolders = new Set(['.git', '.mlops', 'node_modules', '__pycache__', '.venv']);

export function diskProjectFiles(root: string): ProjectFiles {
  const abs = (rel: string) => path.resolve(root, rel);
  return {
    exists: (rel) => existsSync(abs(rel)),
    readText: (rel) => {
      try {
        return readFileSync(abs(rel), 'utf8');
      } catch {
        return undefined;
      }
    },
    readHeader: (rel) => readFirstLine(abs(rel)),
    glob: (pattern) => globFiles(root, pattern),
  };
}

function readFirstLine(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    let text = '';
    const buffer = Buffer.alloc(headerChunk);
    // A header longer than 16 chunks (1 MiB) is cut there.
    for (let i = 0; i < 16; i++) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      text += buffer.toString('utf8', 0, n);
      const eol = text.indexOf('\n');
      if (eol !== -1) return text.slice(0, eol).replace(/\r$/, '');
    }
    return text.replace(/\r$/, '');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function globFiles(root: string, pattern: string): string[] {
  const normalized = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!/[*?[]/.test(normalized)) {
    try {
      return statSync(path.resolve(root, normalized)).isFile() ? [normalized] : [];
    } catch {
      return [];
    }
  }
  const parts = normalized.split('/');
  const fixed: string[] = [];
  while (parts.length > 1 && !/[*?[]/.test(parts[0]!)) fixed.push(parts.shift()!);
  const matcher = globToRegExp(normalized);
  const found: string[] = [];
  const walk = (rel: string, depth: number) => {
    if (depth > 32 || found.length >= 10_000) return;
    let entries;
    try {
      entries = readdirSync(path.resolve(root, rel || '.'), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) walk(child, depth + 1);
      } else if (matcher.test(child)) {
        found.push(child);
      }
    }
  };
  walk(fixed.join('/'), 0);
  return found.sort();
}

/** A glob as a regular expression over a whole relative path. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
      } else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        if (validClass(body)) {
          source += `[${body}]`;
          i = close;
        } else {
          source += '\\['; // `[z-a]` and the like match themselves, as in a shell
        }
      }
    } else {
      source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function validClass(body: string): boolean {
  try {
    new RegExp(`[${body}]`);
    return true;
  } catch {
    return false;
  }
}
