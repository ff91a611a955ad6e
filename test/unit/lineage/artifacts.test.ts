import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { localArtifactRoot, writeRunArtifact } from '../../../src/core/lineage/artifacts';
import { tempDir } from './gitRepo';

test('writes into a file:// artifact location, creating the run\'s folders; text or bytes', async () => {
  const store = tempDir('artifacts');
  const uri = `${pathToFileURL(path.join(store, 'artifacts', '0')).href}/abc123/artifacts`;
  const written = await writeRunArtifact(uri, 'lineage/git.patch', Buffer.from([0xe9, 0x00, 0xff]));
  assert.equal(written, path.join(store, 'artifacts', '0', 'abc123', 'artifacts', 'lineage', 'git.patch'));
  assert.deepEqual(readFileSync(written), Buffer.from([0xe9, 0x00, 0xff]));
  await writeRunArtifact(uri, './lineage//outs.json', '[]\n');
  assert.equal(readFileSync(path.join(store, 'artifacts', '0', 'abc123', 'artifacts', 'lineage', 'outs.json'), 'utf8'), '[]\n');
  await writeRunArtifact(uri, 'lineage/outs.json', '[1]\n');
  assert.equal(readFileSync(path.join(store, 'artifacts', '0', 'abc123', 'artifacts', 'lineage', 'outs.json'), 'utf8'), '[1]\n');
});

test('percent-encoded file URIs and plain absolute paths are local locations', async () => {
  const store = tempDir('encoded');
  const folder = path.join(store, 'with space', 'é');
  await writeRunArtifact(pathToFileURL(folder).href, 'a.txt', 'x');
  assert.equal(readFileSync(path.join(folder, 'a.txt'), 'utf8'), 'x');
  await writeRunArtifact(path.join(store, 'plain'), 'b.txt', 'y');
  assert.equal(readFileSync(path.join(store, 'plain', 'b.txt'), 'utf8'), 'y');
});

test('paths that climb out or are absolute are refused, and nothing is written', async () => {
  const store = tempDir('climb');
  const uri = pathToFileURL(path.join(store, 'run', 'artifacts')).href;
  for (const bad of ['../escape.txt', 'lineage/../../escape.txt', '/etc/escape.txt', 'a\\..\\escape.txt', 'C:/escape.txt', 'nul\0.txt', '', './']) {
    await assert.rejects(writeRunArtifact(uri, bad, 'x'), /Invalid artifact path/, JSON.stringify(bad));
  }
  assert.equal(existsSync(path.join(store, 'run', 'escape.txt')), false);
  assert.equal(existsSync(path.join(store, 'escape.txt')), false);
});

test('a symbolic link leading out of the location is not followed, for a folder or the file', async () => {
  const store = tempDir('links');
  const root = path.join(store, 'run', 'artifacts');
  const outside = path.join(store, 'outside');
  mkdirSync(root, { recursive: true });
  mkdirSync(outside);
  symlinkSync(outside, path.join(root, 'lineage'));
  await assert.rejects(writeRunArtifact(pathToFileURL(root).href, 'lineage/git.patch', 'x'), /leads outside the run's artifact location/);
  assert.equal(existsSync(path.join(outside, 'git.patch')), false);

  writeFileSync(path.join(outside, 'target.txt'), 'keep me');
  symlinkSync(path.join(outside, 'target.txt'), path.join(root, 'outs.json'));
  await assert.rejects(writeRunArtifact(pathToFileURL(root).href, 'outs.json', 'x'), /is a symbolic link/);
  assert.equal(readFileSync(path.join(outside, 'target.txt'), 'utf8'), 'keep me');
});

test('other schemes get an error saying only local locations are written', async () => {
  for (const uri of ['mlflow-artifacts:/0/abc/artifacts', 's3://bucket/0/abc/artifacts', 'dbfs:/databricks/mlflow/0/abc']) {
    await assert.rejects(writeRunArtifact(uri, 'a.txt', 'x'), /only local \(file:\/\/\) artifact locations are written directly/, uri);
  }
  assert.throws(() => localArtifactRoot('relative/artifacts'), /neither a file:\/\/ URI nor an absolute path/);
  assert.throws(() => localArtifactRoot('file://fileserver/share/artifacts'), /Cannot write artifacts to "file:\/\/fileserver/);
});
