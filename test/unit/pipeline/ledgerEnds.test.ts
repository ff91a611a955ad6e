import assert from 'node:assert/strict';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { LEDGER_ENDS_FILE, readLedgerEnds, saveLedgerEnds, stampStore } from '../../../src/core/pipeline/ledgerEnds';
import { openEmbeddedStore, STORE_FILES } from '../../../src/core/store/embeddedStore';
import { projectWith } from '../../fixtures/pipelines';

// The ledger's ends saved with the stamps of the store's files hold only while those files are
// unchanged, and only when they had settled (older than the mtime tick) when stamped.

const p = projectWith({});
const dir = path.join(p.dir, '.mlops');
after(p.cleanup);

async function writeToStore(name: string): Promise<void> {
  const store = await openEmbeddedStore(dir);
  try {
    await store.createExperiment(name);
  } finally {
    await store.close();
  }
}

function settle(): void {
  const past = new Date(Date.now() - 60_000);
  for (const name of [STORE_FILES.database, STORE_FILES.journal]) if (existsSync(path.join(dir, name))) utimesSync(path.join(dir, name), past, past);
}

const ends = new Map<string, number | null>([['prepare', 1_700_000_000_000], ['train', null]]);

test('saved ends are read back while the store files are as stamped', async () => {
  await writeToStore('first');
  settle();
  saveLedgerEnds(dir, stampStore(dir)!, ends);
  assert.deepEqual(readLedgerEnds(dir), ends);
  assert.deepEqual(readLedgerEnds(dir), ends, 'reading changes nothing');
});

test('a write to the store (the journal grows) makes them stale', async () => {
  settle();
  saveLedgerEnds(dir, stampStore(dir)!, ends);
  await writeToStore('second');
  assert.equal(readLedgerEnds(dir), undefined);
  settle();
  assert.equal(readLedgerEnds(dir), undefined, 'an mtime set back does not hide the new size');
});

test('files stamped within the mtime tick of their last write are not trusted', async () => {
  await writeToStore('third');
  saveLedgerEnds(dir, stampStore(dir)!, ends);
  assert.ok(existsSync(path.join(dir, LEDGER_ENDS_FILE)));
  assert.equal(readLedgerEnds(dir), undefined);
});

test('a damaged or foreign file is ignored; saving into a missing folder writes nothing and does not throw', () => {
  settle();
  const file = path.join(dir, LEDGER_ENDS_FILE);
  writeFileSync(file, '{"version": 1, "takenAtMs": ');
  assert.equal(readLedgerEnds(dir), undefined);
  const stamp = stampStore(dir)!;
  writeFileSync(file, JSON.stringify({ version: 1, ...stamp, takenAtMs: Date.now(), ends: { prepare: 'yesterday' } }));
  assert.equal(readLedgerEnds(dir), undefined);
  writeFileSync(file, JSON.stringify({ version: 2, ...stamp, takenAtMs: Date.now(), ends: {} }));
  assert.equal(readLedgerEnds(dir), undefined);
  const missing = path.join(p.dir, 'no-such-store');
  const nothing = stampStore(missing)!;
  assert.deepEqual([nothing.db, nothing.journal], [null, null]);
  saveLedgerEnds(missing, nothing, ends);
  assert.equal(existsSync(missing), false);
});
