import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { StoreOwnedError } from '../../../src/core/store/errors';
import { bundleChild } from '../../fixtures/store/bundleChild';
import { tempStoreDir } from '../../fixtures/store/tempStore';

const racer = bundleChild(path.join(__dirname, '../../fixtures/store/lockRacer.ts'));

test('the lock file is private and names the owner; a second owner is refused with its PID', async () => {
  const { dir, cleanup } = tempStoreDir();
  try {
    const store = await openEmbeddedStore(dir);
    assert.equal(statSync(path.join(dir, 'lock')).mode & 0o777, 0o600);
    const out = await runRacer(dir, Date.now());
    assert.match(out, new RegExp(`refused StoreOwnedError: The store is owned by PID ${process.pid}`));
    await store.close();
  } finally {
    cleanup();
  }
});

test('a stale lock (its process is gone) is taken over', async () => {
  const { dir, cleanup } = tempStoreDir();
  try {
    mkdirSync(dir, { recursive: true });
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(path.join(dir, 'lock'), JSON.stringify({ pid: dead.pid, host: hostname(), port: null, token: 'old', startedAt: 0 }), { mode: 0o600 });
    const store = await openEmbeddedStore(dir);
    assert.notEqual(store.token, 'old');
    await store.close();
  } finally {
    cleanup();
  }
});

test('an unreadable lock left long ago is taken over', async () => {
  const { dir, cleanup } = tempStoreDir();
  try {
    mkdirSync(dir, { recursive: true });
    const lock = path.join(dir, 'lock');
    writeFileSync(lock, '{"pid": 12', { mode: 0o600 });
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    const store = await openEmbeddedStore(dir);
    assert.equal(JSON.parse(readFileSync(lock, 'utf8')).pid, process.pid);
    await store.close();
  } finally {
    cleanup();
  }
});

test('owners racing for the lock: exactly one wins, every time', { timeout: 120_000 }, async () => {
  for (let round = 0; round < 3; round++) {
    const { dir, cleanup } = tempStoreDir();
    try {
      mkdirSync(dir, { recursive: true });
      if (round > 0) {
        // Rounds 2 and 3 race over a stale lock, through the takeover path.
        writeFileSync(path.join(dir, 'lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), port: null, token: 'stale', startedAt: 0 }), { mode: 0o600 });
      }
      const startAt = Date.now() + 2500;
      const outputs = await Promise.all(Array.from({ length: 4 }, () => runRacer(dir, startAt)));
      const owners = outputs.filter((o) => o.startsWith('owner'));
      assert.equal(owners.length, 1, outputs.join('\n'));
      assert.ok(outputs.filter((o) => o.includes(StoreOwnedError.name)).length === 3, outputs.join('\n'));
    } finally {
      cleanup();
    }
  }
});

function runRacer(dir: string, startAt: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [racer, dir, String(startAt)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', () => resolve(out.trim()));
  });
}
