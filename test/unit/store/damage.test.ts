import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { StoreChangedOnDiskError, StoreCorruptError } from '../../../src/core/store/errors';
import { tempStoreDir } from '../../fixtures/store/tempStore';

// Damaged files: a clear error naming the file, a backup kept, the original untouched.

async function storeWithData(dir: string, checkpoint: boolean): Promise<string> {
  const store = await openEmbeddedStore(dir);
  const experimentId = await store.createExperiment('damage');
  const run = await store.createRun({ experimentId, runName: 'r' });
  for (let i = 0; i < 5; i++) await store.logBatch(run.runId, { metrics: [{ key: 'm', value: i, timestamp: i, step: i }] });
  if (checkpoint) await store.close();
  else {
    // Leave the journal as a crash would: no checkpoint, lock released.
    (store as unknown as { lock: { release(): void } }).lock.release();
  }
  return run.runId;
}

function backups(dir: string, name: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(`${name}.damaged-`));
}

test('a truncated database: clear error, backup kept, file untouched', async () => {
  const { dir, cleanup } = tempStoreDir();
  try {
    await storeWithData(dir, true);
    const db = path.join(dir, 'mlflow.db');
    truncateSync(db, readFileSync(db).length - 4096);
    const damaged = readFileSync(db);
    await assert.rejects(openEmbeddedStore(dir), (e: StoreCorruptError) => e instanceof StoreCorruptError && e.file === db && /truncated/.test(e.message));
    assert.deepEqual(readFileSync(db), damaged);
    assert.equal(backups(dir, 'mlflow.db').length, 1);
    await assert.rejects(openEmbeddedStore(dir, { readOnly: true }), StoreCorruptError);
  } finally {
    cleanup();
  }
});

test('a database with a garbage header: clear error', async () => {
  const { dir, cleanup } = tempStoreDir();
  try {
    await storeWithData(dir, true);
    const db = path.join(dir, 'mlflow.db');
    const bytes = readFileSync(db);
    bytes.write('Not a database!!', 0, 'latin1');
    writeFileSync(db, bytes);
    await assert.rejects(openEmbeddedStore(dir), /mlflow\.db is damaged: it is not an SQLite database/);
    assert.deepEqual(readFileSync(db), bytes);
  } finally {
    cleanup();
  }
});

test('a journal with a torn tail: the tail is ignored, the acknowledged records are kept', async () => {
  const { dir, cleanup } = tempStoreDir();
  try {
    const runId = await storeWithData(dir, false);
    const journal = path.join(dir, 'journal');
    appendFileSync(journal, Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 0x7b])); // a record cut short
    const store = await openEmbeddedStore(dir);
    assert.equal((await store.getMetricHistory(runId, 'm')).values.length, 5);
    assert.equal(backups(dir, 'journal').length, 1);
    await store.close();
  } finally {
    cleanup();
  }
});

test('a journal corrupted in the middle: clear error, nothing overwritten', async () => {
  const { dir, cleanup } = tempStoreDir();
  try {
    await storeWithData(dir, false);
    const journal = path.join(dir, 'journal');
    const bytes = readFileSync(journal);
    bytes[40] ^= 0xff;
    writeFileSync(journal, bytes);
    await assert.rejects(openEmbeddedStore(dir), (e: Error) => e instanceof StoreCorruptError && /journal is damaged: the record at byte \d+ fails its checksum/.test(e.message));
    assert.deepEqual(readFileSync(journal), bytes);
  } finally {
    cleanup();
  }
});

test('a database changed on disk since load is never overwritten; the journal keeps the writes', async () => {
  const { dir, cleanup } = tempStoreDir();
  try {
    await storeWithData(dir, true);
    const store = await openEmbeddedStore(dir);
    const experimentId = await store.createExperiment('later');
    // Another program writes the file meanwhile: its header's change counter moves.
    const db = path.join(dir, 'mlflow.db');
    const bytes = readFileSync(db);
    bytes.writeUInt32BE(bytes.readUInt32BE(24) + 1, 24);
    bytes.writeUInt32BE(bytes.readUInt32BE(24), 92);
    writeFileSync(db, bytes);
    assert.throws(() => store.checkpoint(), StoreChangedOnDiskError);
    assert.deepEqual(readFileSync(db), bytes);
    (store as unknown as { lock: { release(): void } }).lock.release();
    const again = await openEmbeddedStore(dir, { readOnly: true });
    assert.equal((await again.getExperiment(experimentId)).name, 'later');
    await again.close();
  } finally {
    cleanup();
  }
});
