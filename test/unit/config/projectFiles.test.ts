import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { diskProjectFiles, globToRegExp } from '../../../src/core/config/projectFiles';

describe('diskProjectFiles', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlops-files-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  write('data/incoming/a.csv', 'x,y\r\n1,2\n');
  write('data/incoming/b.csv', 'x');
  write('data/incoming/old/c.csv', 'x\n');
  write('data/raw.tsv', 'x\ty\n');
  write('.mlops/skip.csv', 'x\n');
  const files = diskProjectFiles(root);

  it('globs files with *, ** and ?, sorted, never into .mlops', () => {
    assert.deepEqual(files.glob('data/incoming/*.csv'), ['data/incoming/a.csv', 'data/incoming/b.csv']);
    assert.deepEqual(files.glob('data/**/*.csv'), ['data/incoming/a.csv', 'data/incoming/b.csv', 'data/incoming/old/c.csv']);
    assert.deepEqual(files.glob('**/*.csv'), ['data/incoming/a.csv', 'data/incoming/b.csv', 'data/incoming/old/c.csv']);
    assert.deepEqual(files.glob('data/raw.?sv'), ['data/raw.tsv']);
    assert.deepEqual(files.glob('./data/raw.tsv'), ['data/raw.tsv']);
    assert.deepEqual(files.glob('data/incoming'), [], 'a folder is not a file');
    assert.deepEqual(files.glob('nowhere/*.csv'), []);
  });

  it('reads the first line only, without its line break', () => {
    assert.equal(files.readHeader('data/incoming/a.csv'), 'x,y');
    assert.equal(files.readHeader('data/incoming/b.csv'), 'x');
    const long = `${'c,'.repeat(50_000)}z`;
    write('wide.csv', `${long}\n${'1,'.repeat(50_000)}2\n`);
    assert.equal(files.readHeader('wide.csv'), long);
    assert.equal(files.readHeader('missing.csv'), undefined);
  });

  it('tells files and folders that exist, and reads text', () => {
    assert.ok(files.exists('data/incoming') && files.exists('data/raw.tsv') && !files.exists('data/nope'));
    assert.equal(files.readText('data/raw.tsv'), 'x\ty\n');
    assert.equal(files.readText('data/nope'), undefined);
  });

  it('translates globs to whole-path expressions', () => {
    assert.ok(globToRegExp('a/[bc].csv').test('a/c.csv'));
    assert.ok(!globToRegExp('a/[!bc].csv').test('a/c.csv'));
    assert.ok(!globToRegExp('*.csv').test('a/b.csv'));
    assert.ok(globToRegExp('a.(x)+').test('a.(x)+'));
    assert.ok(globToRegExp('a.[z-a]').test('a.[z-a]'), 'a class that is no valid range is literal');
  });
});
