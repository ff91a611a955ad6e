import { cpSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEmbeddedStore, STORE_FILES } from '../src/core/store/embeddedStore';
import type { Metric } from '../src/core/store/types';
import { timeMs } from './measure';
import { NativeStore } from './nativeStore';

// Figure 1: durable ingest. Each batch is awaited before the next is sent, as a training loop that
// logs synchronously does, so every batch pays its own trip to stable storage on both sides.
// The two stores take the batches in turn (ours, native, native, ours, ...), so a neighbour's load
// on the shared machine lands on both alike.

export interface SideTimes {
  /** Wall time inside logBatch, summed over the batches. */
  ms: number;
  /** Process CPU time during those calls, all threads: GC helpers and fsync calls count too. */
  cpuMs: number;
}

export interface IngestRound {
  ours: SideTimes;
  native: SideTimes;
  /** close() of our store: the checkpoint of everything ingested. Not part of the figure. */
  closeMs: number;
  journalBytes: number;
  databaseBytes: number;
  nativeBytes: number;
  nativeSettings: string;
  runId: string;
}

/**
 * Ingests every batch into a new store in `storeDir` and a new native database `nativeFile`.
 * With `journalCopy`, the store folder is copied there after the last acknowledged write and
 * before close: a store whose points are all in the journal, as a crashed owner leaves it.
 */
export async function ingestRound(batches: Iterable<Metric[]>, storeDir: string, nativeFile: string, nativeRunId: string, journalCopy?: string): Promise<IngestRound> {
  // Large enough that no checkpoint lands inside the loop, whatever the journal's size.
  const store = await openEmbeddedStore(storeDir, { checkpointBytes: 2 ** 30 });
  const native = new NativeStore(nativeFile);
  const ours = { ms: 0, cpuMs: 0 };
  const theirs = { ms: 0, cpuMs: 0 };
  let runId: string;
  try {
    runId = (await store.createRun({ experimentId: '0', runName: 'bench' })).runId;
    native.createRun(nativeRunId);
    let i = 0;
    for (const metrics of batches) {
      const logOurs = () => timeSide(ours, () => store.logBatch(runId, { metrics }));
      const logNative = () => timeSide(theirs, () => native.logBatch(nativeRunId, metrics));
      if (i++ % 2 === 0) {
        await logOurs();
        await logNative();
      } else {
        await logNative();
        await logOurs();
      }
    }
  } catch (err) {
    native.close();
    await store.close().catch(() => undefined);
    throw err;
  }
  const journalBytes = statSync(path.join(storeDir, STORE_FILES.journal)).size;
  if (journalCopy) {
    cpSync(storeDir, journalCopy, { recursive: true });
    rmSync(path.join(journalCopy, STORE_FILES.lock));
  }
  const nativeSettings = native.describe();
  native.close();
  const closeMs = await timeMs(() => store.close());
  return {
    ours, native: theirs, closeMs, journalBytes, nativeSettings, runId,
    databaseBytes: statSync(path.join(storeDir, STORE_FILES.database)).size,
    nativeBytes: statSync(nativeFile).size,
  };
}

async function timeSide(side: SideTimes, fn: () => unknown): Promise<void> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  side.ms += performance.now() - start;
  const used = process.cpuUsage(cpu);
  side.cpuMs += (used.user + used.system) / 1000;
}
