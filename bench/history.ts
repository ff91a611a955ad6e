import { openEmbeddedStore } from '../src/core/store/embeddedStore';
import type { MetricHistory } from '../src/core/store/types';
import { timeMs } from './measure';
import { NativeStore } from './nativeStore';

// Figure 2: reading one metric's whole history as typed arrays, from a store holding the full
// workload, against the same statement on the native database. Both read a warm database: ours
// lives in memory, the native file sits in the OS page cache after ingest.

/** `runIds`: the run holding the workload in each store. */
export async function measureHistory(
  storeDir: string,
  nativeFile: string,
  runIds: { ours: string; native: string },
  key: string,
  reps: number,
): Promise<{ ours: number[]; native: number[]; points: number }> {
  const store = await openEmbeddedStore(storeDir, { readOnly: true });
  const native = new NativeStore(nativeFile);
  try {
    const a = await store.getMetricHistory(runIds.ours, key);
    const b = native.getMetricHistory(runIds.native, key);
    assertSameHistory(a, b);
    await store.getMetricHistory(runIds.ours, key); // warm-up, so both sides run optimized code
    native.getMetricHistory(runIds.native, key);
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < reps; i++) {
      ours.push(await timeMs(() => store.getMetricHistory(runIds.ours, key)));
      baseline.push(await timeMs(() => native.getMetricHistory(runIds.native, key)));
    }
    return { ours, native: baseline, points: a.steps.length };
  } finally {
    native.close();
    await store.close();
  }
}

/** Both sides must have read the same points, or the comparison means nothing. */
function assertSameHistory(a: MetricHistory, b: MetricHistory): void {
  const same = (x: Float64Array, y: Float64Array) => x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  if (!same(a.steps, b.steps) || !same(a.timestamps, b.timestamps) || !same(a.values, b.values)) {
    throw new Error(`The two stores returned different histories for '${a.key}' (${a.steps.length} and ${b.steps.length} points).`);
  }
}
