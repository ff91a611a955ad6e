import { cpSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { openEmbeddedStore, STORE_FILES } from '../src/core/store/embeddedStore';
import { timed, timeMs } from './measure';

// Figure 3: opening a store (load the database file, replay the journal) as its next owner does,
// against merely reading the same files into memory. Close is not timed; after a replay it
// checkpoints, so the journal case opens a fresh copy each time.

export interface OpenTimes {
  ours: number[];
  readFiles: number[];
  /** Points of the checked metric seen after the open: the open really holds the workload. */
  pointsSeen: number;
}

export async function measureOpen(source: string, reps: number, check: { runId: string; key: string }): Promise<OpenTimes> {
  const ours: number[] = [];
  const readFiles: number[] = [];
  let pointsSeen = 0;
  for (let i = 0; i < reps; i++) {
    const dir = `${source}-open-${i}`;
    cpSync(source, dir, { recursive: true });
    try {
      readFiles.push(await timeMs(() => {
        readFileSync(path.join(dir, STORE_FILES.database));
        readFileSync(path.join(dir, STORE_FILES.journal));
      }));
      const [ms, store] = await timed(() => openEmbeddedStore(dir));
      ours.push(ms);
      if (i === 0) pointsSeen = (await store.getMetricHistory(check.runId, check.key)).steps.length;
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { ours, readFiles, pointsSeen };
}
