import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DigestCache } from '../../../src/core/pipeline/digests';
import { projectWith } from '../../fixtures/pipelines';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const aged = (dir: string, ...files: string[]) => {
  const past = new Date(Date.now() - 60_000);
  for (const f of files) utimesSync(path.join(dir, f), past, past);
};

test('a file digest is the md5 of its bytes; a missing path has none', () => {
  const p = projectWith({ 'a.txt': 'hello\n' });
  try {
    const cache = DigestCache.inMemory(p.dir);
    assert.equal(cache.digest('a.txt'), md5('hello\n'));
    assert.equal(cache.digest(path.join(p.dir, 'a.txt')), md5('hello\n'));
    assert.equal(cache.digest('nope.txt'), undefined);
  } finally {
    p.cleanup();
  }
});

test('a folder digest covers every file by relative path and content, skipping __pycache__', () => {
  const p = projectWith({ 'd/b.csv': '2\n', 'd/a.csv': '1\n', 'd/sub/c.csv': '3\n' });
  try {
    const digest = () => DigestCache.inMemory(p.dir).digest('d');
    const first = digest()!;
    const lines = [`a.csv\0${md5('1\n')}\n`, `b.csv\0${md5('2\n')}\n`, `sub/c.csv\0${md5('3\n')}\n`];
    assert.equal(first, `${md5(lines.join(''))}.dir`);
    writeFileSync(path.join(p.dir, 'd/__pycache__.pyc'), 'x'); // a file of that name counts
    const withFile = digest();
    assert.notEqual(withFile, first);
    renameSync(path.join(p.dir, 'd/__pycache__.pyc'), path.join(p.dir, 'd/z'));
    assert.notEqual(digest(), withFile, 'a rename changes the digest');
    renameSync(path.join(p.dir, 'd/z'), path.join(p.dir, 'd/__pycache__.pyc'));
    assert.equal(digest(), withFile);
    mkdirSync(path.join(p.dir, 'd/__pycache__'));
    writeFileSync(path.join(p.dir, 'd/__pycache__/m.pyc'), 'bytecode');
    assert.equal(digest(), withFile, 'a __pycache__ folder is left out');
  } finally {
    p.cleanup();
  }
});

test('a warm cache stats files and reads none: content changed behind an unchanged stat is not seen', () => {
  const p = projectWith({ 'data/x.csv': 'a,b\n1,2\n', 'data/y.csv': 'a,b\n3,4\n', 'src/train.py': 'print(1)\n' });
  try {
    aged(p.dir, 'data/x.csv', 'data/y.csv', 'src/train.py');
    const cacheFile = path.join(p.dir, '.mlops/digests.json');
    const cold = DigestCache.load(p.dir, cacheFile);
    const folder = cold.digest('data/');
    const script = cold.digest('src/train.py');
    assert.deepEqual(cold.stats, { hits: 0, hashed: 3 });
    cold.save();
    assert.deepEqual(readdirSync(path.dirname(cacheFile)), ['digests.json'], 'written by rename, no temp file left');

    // Same size, same inode, mtime put back: only reading the file could notice.
    const file = path.join(p.dir, 'src/train.py');
    const { mtime } = statSync(file);
    writeFileSync(file, 'print(2)\n');
    utimesSync(file, mtime, mtime);

    const warm = DigestCache.load(p.dir, cacheFile);
    assert.equal(warm.digest('data/'), folder);
    assert.equal(warm.digest('src/train.py'), script, 'the warm check read the file');
    assert.deepEqual(warm.stats, { hits: 3, hashed: 0 });

    utimesSync(file, new Date(), new Date(Date.now() - 30_000)); // a real edit moves the mtime
    assert.equal(DigestCache.load(p.dir, cacheFile).digest('src/train.py'), md5('print(2)\n'));
  } finally {
    p.cleanup();
  }
});

test('a file hashed right after it was written is hashed again next time (its mtime tick may not have ended)', () => {
  const p = projectWith({ 'model.json': '{"w": 1}' });
  try {
    const cacheFile = path.join(p.dir, '.mlops/digests.json');
    const first = DigestCache.load(p.dir, cacheFile);
    first.digest('model.json');
    first.save();
    const second = DigestCache.load(p.dir, cacheFile);
    second.digest('model.json');
    assert.deepEqual(second.stats, { hits: 0, hashed: 1 });
    aged(p.dir, 'model.json');
    const third = DigestCache.load(p.dir, cacheFile);
    third.digest('model.json');
    third.save();
    const fourth = DigestCache.load(p.dir, cacheFile);
    fourth.digest('model.json');
    assert.deepEqual(fourth.stats, { hits: 1, hashed: 0 });
  } finally {
    p.cleanup();
  }
});

test('a damaged cache file is ignored and replaced', () => {
  const p = projectWith({ '.mlops/digests.json': '{"version": 1, "files": ', 'a.txt': 'x' });
  try {
    const cache = DigestCache.load(p.dir, path.join(p.dir, '.mlops/digests.json'));
    assert.equal(cache.digest('a.txt'), md5('x'));
    cache.save();
    assert.ok(existsSync(path.join(p.dir, '.mlops/digests.json')));
    assert.equal(DigestCache.load(p.dir, path.join(p.dir, '.mlops/digests.json')).digest('a.txt'), md5('x'));
  } finally {
    p.cleanup();
  }
});
