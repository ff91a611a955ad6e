import type { Metric } from '../src/core/store/types';
import { seededRandom } from '../test/fixtures/random';

// The workload: one training run logging 10 metrics at every step, flushed in batches of 1,000
// points (100 steps x 10 keys), as a training loop that logs every step and batches its writes does.

export const KEYS = ['train/loss', 'train/accuracy', 'train/lr', 'train/grad_norm', 'val/loss', 'val/accuracy', 'val/auc', 'val/f1', 'throughput', 'epoch'];
export const STEPS = 100_000;
export const BATCH_POINTS = 1_000;
export const TOTAL_POINTS = KEYS.length * STEPS;
/** The metric whose history figure 2 reads: STEPS points. */
export const HISTORY_KEY = 'val/loss';

const START_MS = Date.UTC(2026, 0, 1);

/**
 * The workload's batches in order, the same on every call. Made one at a time, so the bench's own
 * data does not sit in the heap that the store's garbage collections have to walk.
 */
export function* workloadBatches(): Generator<Metric[]> {
  const random = seededRandom(20260101).next;
  const stepsPerBatch = BATCH_POINTS / KEYS.length;
  for (let first = 0; first < STEPS; first += stepsPerBatch) {
    const batch: Metric[] = [];
    for (let step = first; step < first + stepsPerBatch; step++) {
      const timestamp = START_MS + step * 37;
      const decay = Math.exp(-step / 20_000);
      for (let k = 0; k < KEYS.length; k++) {
        batch.push({ key: KEYS[k], value: decay * (1 + k) + (random() - 0.5) * 0.01, timestamp, step });
      }
    }
    yield batch;
  }
}
