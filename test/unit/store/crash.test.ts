import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { bundleChild } from '../../fixtures/store/bundleChild';
import { seededRandom } from '../../fixtures/random';
import { tempStoreDir } from '../../fixtures/store/tempStore';

// A writer is killed with SIGKILL at random points, 60 times over one store. After each kill the
// store must hold every batch the writer saw acknowledged, and no batch only in part.

const KILLS = 60;
const POINTS = 50;
const writer = bundleChild(path.join(__dirname, '../../fixtures/store/crashWriter.ts'));

test(`every acknowledged batch survives ${KILLS} SIGKILLs of the owner`, { timeout: 600_000 }, async () => {
  const { dir, cleanup } = tempStoreDir();
  const sideFile = path.join(path.dirname(dir), 'acknowledged.txt');
  const random = seededRandom(20261126).next;
  let nextSeq = 1;
  let checkpointsSeen = 0;
  try {
    for (let kill = 0; kill < KILLS; kill++) {
      const roundStart = nextSeq;
      // Small checkpoint sizes now and then, so kills also land inside checkpoints.
      const checkpointBytes = Math.floor(2 ** (18 + random() * 5)); // 256 KiB to 8 MiB
      const child = spawn(process.execPath, [writer, dir, sideFile, String(nextSeq), String(POINTS), String(checkpointBytes)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Wait until the writer is really writing, then a random while longer.
      await waitFor(() => acknowledged(sideFile).filter((s) => s >= nextSeq).length > 0 || child.exitCode !== null, 60_000);
      await sleep(Math.floor(random() * 150));
      child.kill('SIGKILL');
      const code = await exited;
      assert.equal(code, null, `the writer died on its own before the kill: ${stderr}`);

      const acked = acknowledged(sideFile);
      const store = await openEmbeddedStore(dir, { readOnly: true });
      const experiment = await store.getExperimentByName('crash');
      assert.ok(experiment);
      const runs = [];
      for (let page: string | undefined, first = true; first || page; first = false) {
        const result = await store.searchRuns({ experimentIds: [experiment.experimentId], maxResults: 5000, pageToken: page });
        runs.push(...result.items);
        page = result.nextPageToken;
      }
      const complete = new Set<number>();
      for (const run of runs) {
        const seq = Number(run.info.runName.slice('batch-'.length));
        if (run.data.params.seq === undefined) continue; // created, batch not yet logged: allowed
        complete.add(seq);
        if (seq < roundStart) continue; // checked fully in an earlier round
        const history = await store.getMetricHistory(run.info.runId, 'seq');
        assert.equal(history.values.length, POINTS, `batch ${seq} is half-written`);
        assert.ok(history.values.every((v) => v === seq));
        assert.equal(run.data.tags.state, 'done');
      }
      for (const seq of acked) assert.ok(complete.has(seq), `acknowledged batch ${seq} was lost at kill ${kill}`);
      await store.close();
      if (existsSync(path.join(dir, 'mlflow.db'))) checkpointsSeen++;
      nextSeq = Math.max(nextSeq, ...complete) + 1;
    }
    assert.ok(acknowledged(sideFile).length > KILLS, 'the writer acknowledged too little for the test to mean anything');
    assert.ok(checkpointsSeen > 0);
  } finally {
    cleanup();
  }
});

function acknowledged(file: string): number[] {
  if (!existsSync(file)) return [];
  // The last line may be cut by the kill; only whole lines count.
  const text = readFileSync(file, 'utf8');
  return text.split('\n').slice(0, -1).filter(Boolean).map(Number);
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting for the writer');
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
