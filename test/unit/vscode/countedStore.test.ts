import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { RestStore } from '../../../src/core/mlflow/client/restStore';
import { startMlflowServer } from '../../../src/core/mlflow/server/httpServer';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { countCalls } from '../../../src/vscode/store/countedStore';

describe('a snapshot that counts its running calls', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'counted-store-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is idle only after the reads started on it have settled, and they answer from the open store', async () => {
    const writer = await openEmbeddedStore(dir);
    const experimentId = await writer.createExperiment('counted');
    await writer.close();

    // Over HTTP a read spans several turns of the event loop, so "still running" is observable.
    const owner = await openEmbeddedStore(dir);
    const server = await startMlflowServer({ store: owner, token: owner.token, artifactRoot: path.join(dir, 'artifacts'), port: 0 });
    try {
      const counted = countCalls(new RestStore({ url: server.url, token: owner.token }));
      let idle = false;
      let read = false;
      const reading = counted.store.getExperiment(experimentId).then((e) => ((read = true), e));
      const waiting = counted.idle().then(() => (idle = true));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual({ read, idle }, { read: false, idle: false });
      assert.equal((await reading).name, 'counted');
      await waiting;
      assert.equal(idle, true);
      await counted.store.close();
    } finally {
      await server.close();
      await owner.close();
    }
  });

  it('is idle at once when nothing runs, and a failed read counts as settled', async () => {
    const counted = countCalls(await openEmbeddedStore(dir, { readOnly: true }));
    await counted.idle();
    await assert.rejects(counted.store.getRun('no-such-run'));
    await counted.idle();
    await counted.store.close();
  });
});
