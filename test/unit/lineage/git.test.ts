import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { describeGit, stripCredentials } from '../../../src/core/lineage/git';
import { git, repoWith, tempDir, write } from './gitRepo';

const latin1 = Buffer.from('caf\xe9;na\xefve\n', 'latin1');
const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

test('a clean repository: commit, branch, dirty false, no remote, no patch', async () => {
  const dir = repoWith({ 'src/train.py': 'print("train")\n' });
  const lineage = await describeGit(dir);
  assert.deepEqual(lineage.tags, {
    'mlflow.source.git.commit': git(dir, 'rev-parse', 'HEAD').trim(),
    'mlflow.source.git.branch': 'main',
    'mlflow.source.git.dirty': 'false',
  });
  assert.equal(lineage.patch, undefined);
  assert.deepEqual(lineage.notes, []);
});

test('a dirty tree: its patch restores staged, unstaged, deleted, binary and non-UTF-8 changes on a checkout of the commit', async () => {
  const dir = repoWith({ 'src/train.py': 'lr = 0.1\n', 'data/latin1.csv': 'cafe\n', 'data/blob.bin': 'x', 'old.txt': 'gone soon\n', 'keep.txt': 'same\n' });
  const commit = git(dir, 'rev-parse', 'HEAD').trim();
  write(dir, 'src/train.py', 'lr = 0.05\nepochs = 3\n');
  write(dir, 'data/latin1.csv', latin1);
  write(dir, 'data/blob.bin', binary);
  git(dir, 'rm', '-q', 'old.txt');
  write(dir, 'src/staged.py', 'staged = True\n');
  git(dir, 'add', 'src/staged.py');
  write(dir, 'notes/untracked.md', 'not in git\n');
  write(dir, '.mlops/journal', 'store files are not listed\n');

  const lineage = await describeGit(dir, { ignore: [path.join(dir, '.mlops')] });
  assert.equal(lineage.tags['mlflow.source.git.commit'], commit);
  assert.equal(lineage.tags['mlflow.source.git.dirty'], 'true');
  assert.equal(lineage.tags['mlops.source.git.untracked'], '1');
  assert.ok(lineage.patch);
  const header = lineage.patch.toString('latin1').split('diff --git')[0] as string;
  assert.match(header, new RegExp(`against ${commit} \\(main\\)`));
  assert.match(header, /1 untracked file\(s\), not included:\n# {3}notes\/untracked\.md\n/);
  assert.doesNotMatch(header, /\.mlops/);

  const clone = tempDir('clone');
  git(clone, 'clone', '-q', dir, '.');
  git(clone, 'checkout', '-q', '--detach', commit);
  const patchFile = path.join(tempDir('patch'), 'git.patch');
  writeFileSync(patchFile, lineage.patch);
  git(clone, 'apply', patchFile);
  for (const file of ['src/train.py', 'src/staged.py', 'data/latin1.csv', 'data/blob.bin', 'keep.txt']) {
    assert.deepEqual(readFileSync(path.join(clone, file)), readFileSync(path.join(dir, file)), file);
  }
  assert.equal(existsSync(path.join(clone, 'old.txt')), false);
  assert.equal(existsSync(path.join(clone, 'notes/untracked.md')), false);
});

test('untracked files alone leave the tree clean in MLflow terms but are listed in a patch header', async () => {
  const dir = repoWith({ 'a.txt': 'a\n' });
  write(dir, 'new.csv', 'x\n');
  const lineage = await describeGit(dir);
  assert.equal(lineage.tags['mlflow.source.git.dirty'], 'false');
  assert.equal(lineage.tags['mlops.source.git.untracked'], '1');
  assert.match(lineage.patch?.toString() ?? '', /^# .*\n# .*\n# 1 untracked file\(s\), not included:\n# {3}new\.csv\n$/);
});

test('a pipeline in a subfolder: the patch covers the whole repository, paths from its top', async () => {
  const dir = repoWith({ 'lib/util.py': 'x = 1\n', 'pipeline/mlops.yaml': 'version: 1\n' });
  write(dir, 'lib/util.py', 'x = 2\n');
  write(dir, 'pipeline/.mlops/lock', '{}');
  const lineage = await describeGit(path.join(dir, 'pipeline'), { ignore: [path.join(dir, 'pipeline', '.mlops')] });
  assert.match(lineage.patch?.toString() ?? '', /diff --git a\/lib\/util\.py b\/lib\/util\.py/);
  assert.equal(lineage.tags['mlops.source.git.untracked'], undefined);
});

test('detached HEAD: the commit without a branch, and a note', async () => {
  const dir = repoWith({ 'a.txt': 'a\n' });
  git(dir, 'checkout', '-q', '--detach');
  const lineage = await describeGit(dir);
  assert.equal(lineage.tags['mlflow.source.git.commit'], git(dir, 'rev-parse', 'HEAD').trim());
  assert.equal(lineage.tags['mlflow.source.git.branch'], undefined);
  assert.deepEqual(lineage.notes, ['detached HEAD: no branch recorded']);
});

test('the remote URL: origin first, credentials removed', async () => {
  const dir = repoWith({ 'a.txt': 'a\n' });
  git(dir, 'remote', 'add', 'backup', 'https://backup.example.com/org/repo.git');
  git(dir, 'remote', 'add', 'origin', 'https://alice:s3cret-token@github.com/org/repo.git');
  const lineage = await describeGit(dir);
  assert.equal(lineage.tags['mlflow.source.git.repoURL'], 'https://github.com/org/repo.git');
  assert.doesNotMatch(JSON.stringify(lineage), /s3cret/);

  const other = repoWith({ 'a.txt': 'a\n' });
  git(other, 'remote', 'add', 'upstream', 'git@github.com:org/repo.git');
  assert.equal((await describeGit(other)).tags['mlflow.source.git.repoURL'], 'git@github.com:org/repo.git');
});

test('stripCredentials removes user info as MLflow does, and keeps scp-like URLs', () => {
  assert.equal(stripCredentials('https://ghp_abc123@github.com/org/repo.git'), 'https://github.com/org/repo.git');
  assert.equal(stripCredentials('https://user:p%40ss@host.example:8443/a/b?x=1'), 'https://host.example:8443/a/b?x=1');
  assert.equal(stripCredentials('ssh://git@host.example/org/repo.git'), 'ssh://host.example/org/repo.git');
  assert.equal(stripCredentials('https://host.example/a@b'), 'https://host.example/a@b');
  assert.equal(stripCredentials('git@github.com:org/repo.git'), 'git@github.com:org/repo.git');
  assert.equal(stripCredentials('/srv/git/repo.git'), '/srv/git/repo.git');
});

test('not a repository: no tags and a note, no error', async () => {
  const lineage = await describeGit(tempDir('plain'));
  assert.deepEqual(lineage.tags, {});
  assert.equal(lineage.patch, undefined);
  assert.match(lineage.notes.join('\n'), /is not in a git repository: no git lineage recorded/);
});

test('no git executable: no tags and a note, no error', async () => {
  const dir = repoWith({ 'a.txt': 'a\n' });
  const lineage = await describeGit(dir, { gitBinary: '/nonexistent/bin/git' });
  assert.deepEqual(lineage.tags, {});
  assert.match(lineage.notes.join('\n'), /^git is not available \(.*ENOENT.*\): no git lineage recorded$/);
});

test('a repository without commits: the branch, no commit, and a note', async () => {
  const dir = tempDir('unborn');
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, 'a.txt', 'a\n');
  const lineage = await describeGit(dir);
  assert.deepEqual(lineage.tags, { 'mlflow.source.git.branch': 'main' });
  assert.match(lineage.notes.join('\n'), /no commit yet on main/);
});

test('a patch over the size limit is not kept; the dirty flag still is', async () => {
  const dir = repoWith({ 'a.txt': 'a\n' });
  write(dir, 'a.txt', 'b'.repeat(10_000));
  const lineage = await describeGit(dir, { maxPatchBytes: 1000 });
  assert.equal(lineage.tags['mlflow.source.git.dirty'], 'true');
  assert.equal(lineage.patch, undefined);
  assert.match(lineage.notes.join('\n'), /over the 1000-byte limit: not kept/);
});
