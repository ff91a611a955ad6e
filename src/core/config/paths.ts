import * as path from 'node:path';

/** A project path as the rules compare them: `/` separators, no `./`, no trailing `/`. */
export function normalizePath(p: string): string {
  const n = path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/+$/, '');
  return n === '.' ? '' : n.replace(/^\.\//, '');
}

/** Whether `inner` is `outer` or lies inside it; both normalized. */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || outer === '' || inner.startsWith(`${outer}/`);
}

/** The folders holding a normalized path, nearest last: `a/b/c` -> `a`, `a/b`. */
export function parentsOf(p: string): string[] {
  const parts = p.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
