import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { deltaTableVersion, isDeltaTable } from '../../../src/core/lineage/delta';
import { tempDir } from './gitRepo';

// The fixture tables were written by delta-rs (scripts/gen-lineage-delta-fixtures.py), which also
// wrote the version it reads for each into expected.json.
const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'lineage');
const expected = JSON.parse(readFileSync(path.join(fixtures, 'expected.json'), 'utf8')) as Record<string, { version: number }>;

test('a Delta table with two commits is at version 1, as delta-rs reads it', () => {
  const table = path.join(fixtures, 'delta-table');
  assert.equal(isDeltaTable(table), true);
  assert.equal(expected['delta-table']?.version, 1);
  assert.equal(deltaTableVersion(table), 1);
});

test('a table whose early commits were cleaned up after a checkpoint: its version from the checkpoint and the commits after it', () => {
  const table = path.join(fixtures, 'delta-table-checkpointed');
  assert.equal(deltaTableVersion(table), expected['delta-table-checkpointed']?.version);
  assert.equal(deltaTableVersion(table), 2);
});

test('plain folders are not Delta tables; an empty log is an error naming it', () => {
  const dir = tempDir('notdelta');
  assert.equal(isDeltaTable(dir), false);
  assert.equal(isDeltaTable(path.join(dir, 'missing')), false);
  mkdirSync(path.join(dir, '_delta_log'));
  assert.equal(isDeltaTable(dir), true);
  assert.throws(() => deltaTableVersion(dir), /_delta_log holds no Delta commit or checkpoint/);
});
