import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { writeRunArtifact } from '../../../src/core/lineage/artifacts';
import { collectLineage } from '../../../src/core/lineage/collect';
import { git, repoWith, tempDir, write } from './gitRepo';

test('a dirty pipeline repository: git and environment tags, the patch as a pipeline run artifact', async () => {
  const root = repoWith({ 'mlops.yaml': 'version: 1\n', 'requirements.txt': 'numpy\n', 'src/train.py': 'lr = 0.1\n' });
  write(root, 'src/train.py', 'lr = 0.05\n');
  write(root, '.mlops/journal', 'x');
  const lineage = await collectLineage(root);
  const commit = git(root, 'rev-parse', 'HEAD').trim();
  assert.equal(lineage.pipelineTags['mlflow.source.git.commit'], commit);
  assert.equal(lineage.pipelineTags['mlflow.source.git.dirty'], 'true');
  assert.equal(lineage.pipelineTags['mlops.source.git.patch'], 'lineage/git.patch');
  assert.equal(lineage.pipelineTags['mlops.source.git.untracked'], undefined, 'the store folder is not listed');
  assert.match(lineage.pipelineTags['mlops.python.version'] ?? '', /^3\.\d+/);
  assert.match(lineage.pipelineTags['mlops.env.requirements.txt.sha256'] ?? '', /^[0-9a-f]{64}$/);
  const { ['mlops.source.git.patch']: _pointer, ...rest } = lineage.pipelineTags;
  assert.deepEqual(lineage.stageTags, rest);
  assert.deepEqual(lineage.notes, []);

  const artifactUri = pathToFileURL(path.join(tempDir('store'), 'artifacts', '0', 'run1', 'artifacts')).href;
  assert.equal(lineage.artifacts.length, 1);
  for (const a of lineage.artifacts) await writeRunArtifact(artifactUri, a.path, a.content);
  const patch = readFileSync(new URL(`${artifactUri}/lineage/git.patch`), 'utf8');
  assert.match(patch, /^-lr = 0\.1\n\+lr = 0\.05$/m);
});

test('a clean repository: no patch, no artifact', async () => {
  const root = repoWith({ 'mlops.yaml': 'version: 1\n' });
  const lineage = await collectLineage(root);
  assert.equal(lineage.pipelineTags['mlflow.source.git.dirty'], 'false');
  assert.equal(lineage.pipelineTags['mlops.source.git.patch'], undefined);
  assert.deepEqual(lineage.artifacts, []);
});

test('outside git: environment tags only, and a note', async () => {
  const root = tempDir('nogit');
  write(root, 'mlops.yaml', 'version: 1\n');
  const lineage = await collectLineage(root);
  assert.deepEqual(Object.keys(lineage.pipelineTags), ['mlops.python.version']);
  assert.deepEqual(lineage.artifacts, []);
  assert.match(lineage.notes.join('\n'), /not in a git repository/);
});
