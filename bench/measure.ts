import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Milliseconds taken by `fn`. */
export async function timeMs(fn: () => unknown): Promise<number> {
  return (await timed(fn))[0];
}

/** Milliseconds taken by `fn`, and what it returned. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<[ms: number, value: T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

const scratch: string[] = [];

/** A scratch folder under the OS temp folder; every one made is removed by `removeScratch`. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `mlops-bench-${prefix}-`));
  scratch.push(dir);
  return dir;
}

export function removeScratch(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}
