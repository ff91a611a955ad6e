import { cpSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { openEmbeddedStore, STORE_FILES } from '../src/core/store/embeddedStore';
import type { Metric } from '../src/core/store/types';
import { timeMs } from './measure';
import { NativeStore } from './nativeStore';

// Figure 1: durable ingest. Each batch is awaited before the next is sent, as a training loop
// that logs synchronously does, so every batch pays its own trip to stable storage on both sides.

export interface OursIngest {
  ms: number;
  /** close(): the final checkpoint of everything ingested. */
  closeMs: number;
  journalBytes: number;
  databaseBytes: number;
  runId: string;
}

/**
 * Ingests every batch into a new store in `dir`. With `journalCopy`, the store folder is copied
 * there after the last acknowledged write and before close: a store whose points are all in the
 * journal, as a crashed owner leaves it.
 */
export async function ingestOurs(batches: Metric[][], dir: string, journalCopy?: string): Promise<OursIngest> {
  // Large enough that no checkpoint lands inside the timed loop: the loop measures logging alone.
  const store = await openEmbeddedStore(dir, { checkpointBytes: 2 ** 30 });
  const { runId } = await store.createRun({ experimentId: '0', runName: 'bench' });
  const ms = await timeMs(async () => {
    for (const metrics of batches) await store.logBatch(runId, { metrics });
  });
  const journalBytes = statSync(path.join(dir, STORE_FILES.journal)).size;
  if (journalCopy) {
    cpSync(dir, journalCopy, { recursive: true });
    rmSync(path.join(journalCopy, STORE_FILES.lock));
  }
  const closeMs = await timeMs(() => store.close());
  return { ms, closeMs, journalBytes, databaseBytes: statSync(path.join(dir, STORE_FILES.database)).size, runId };
}

export function ingestNative(batches: Metric[][], file: string, runId: string): { ms: number; settings: string; databaseBytes: number } {
  const store = new NativeStore(file);
  try {
    store.createRun(runId);
    const start = performance.now();
    for (const metrics of batches) store.logBatch(runId, metrics);
    const ms = performance.now() - start;
    return { ms, settings: store.describe(), databaseBytes: statSync(file).size };
  } finally {
    store.close();
  }
}
