// A run's commit against the working tree, through git in a real repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { changesSince, checkoutCommit, dirtyFileCount, fileAtCommit, parseNameStatus, repositoryRoot, resolveCommit } from '../../../src/vscode/runs/commitDiff';

describe("a run's commit", () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlops-commit-'));
  const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, encoding: 'utf8' }).trim();
  let commit = '';

  before(() => {
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(root, 'train.py'), 'lr = 0.1\n');
    writeFileSync(path.join(root, 'old name.txt'), 'a\nb\nc\nd\ne\nf\n');
    writeFileSync(path.join(root, 'gone.txt'), 'bye\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'run here');
    commit = git('rev-parse', 'HEAD');
    writeFileSync(path.join(root, 'train.py'), 'lr = 0.5\n');
    writeFileSync(path.join(root, 'added.txt'), 'new\n');
    git('mv', 'old name.txt', 'new name.txt');
    git('rm', '-q', 'gone.txt');
    git('add', 'added.txt');
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds the repository and the full commit from a short one; not an unknown or malformed one', async () => {
    assert.equal(await repositoryRoot(path.join(root)), execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8' }).trim());
    assert.equal(await resolveCommit(root, commit.slice(0, 8)), commit);
    assert.equal(await resolveCommit(root, 'deadbeefdeadbeef'), undefined);
    assert.equal(await resolveCommit(root, 'HEAD; rm -rf /'), undefined);
    assert.equal(await repositoryRoot(tmpdir()), undefined);
  });

  it('lists what changed since the commit: modified, added, renamed, deleted', async () => {
    const changes = await changesSince(root, commit);
    const byPath = Object.fromEntries(changes.map((c) => [c.path, `${c.status} ${c.originalPath}`]));
    assert.deepEqual(byPath, { 'added.txt': 'A added.txt', 'gone.txt': 'D gone.txt', 'new name.txt': 'R old name.txt', 'train.py': 'M train.py' });
  });

  it("reads a file as it was at the commit, and '' for one that was not there", async () => {
    assert.equal(await fileAtCommit(root, commit, 'train.py'), 'lr = 0.1\n');
    assert.equal(await fileAtCommit(root, commit, 'added.txt'), '');
  });

  it('parses git name-status output, renames with both paths', () => {
    assert.deepEqual(parseNameStatus('M\0a b.py\0R087\0old\0new\0D\0x\0'), [
      { status: 'M', path: 'a b.py', originalPath: 'a b.py' },
      { status: 'R', path: 'new', originalPath: 'old' },
      { status: 'D', path: 'x', originalPath: 'x' },
    ]);
    assert.deepEqual(parseNameStatus(''), []);
  });

  it('counts changed files, and checks the commit out once they are committed', async () => {
    assert.equal(await dirtyFileCount(root), 4);
    git('commit', '-q', '-a', '-m', 'later');
    assert.equal(await dirtyFileCount(root), 0);
    await checkoutCommit(root, commit);
    assert.equal(git('rev-parse', 'HEAD'), commit);
    assert.equal(git('status', '--porcelain'), '');
  });
});
