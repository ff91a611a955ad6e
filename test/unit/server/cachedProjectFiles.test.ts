// The server's cache of project files: each file read once until a file event says it changed.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { diskProjectFiles } from '../../../src/core/config/projectFiles';
import { CachedProjectFiles, ProjectFilesCache } from '../../../src/server/cachedProjectFiles';
import { relativeToRoot } from '../../../src/server/configUris';
import { projectWith } from '../../fixtures/pipelines';
import { countingFiles } from './countingFiles';

describe('CachedProjectFiles', () => {
  let project: { dir: string; cleanup: () => void };
  let reads: string[];
  let cached: CachedProjectFiles;

  beforeEach(() => {
    project = projectWith({ 'params.yaml': 'train:\n  lr: 0.1\n', 'data/a.csv': 'x,y\n1,2\n', 'data/incoming/b1.csv': 'x,y\n' });
    const counting = countingFiles(diskProjectFiles(project.dir));
    reads = counting.reads;
    cached = new CachedProjectFiles(counting.files);
  });
  afterEach(() => project.cleanup());

  const readAll = () => [cached.readText('params.yaml'), cached.readHeader('data/a.csv'), cached.exists('data/prepared'), cached.glob('data/incoming/*.csv')];

  it('reads each file once, however often it is asked', () => {
    const first = readAll();
    for (let i = 0; i < 5; i++) assert.deepEqual(readAll(), first);
    assert.deepEqual(first, ['train:\n  lr: 0.1\n', 'x,y', false, ['data/incoming/b1.csv']]);
    assert.equal(reads.length, 4);
  });

  it('a changed file is read again; an unrelated change forgets nothing', () => {
    readAll();
    assert.equal(cached.invalidate('src/train.py', 'changed'), false);
    assert.equal(cached.invalidate('data/incoming/b1.csv', 'changed'), false, 'its content was never read');
    writeFileSync(path.join(project.dir, 'params.yaml'), 'train:\n  lr: 0.2\n');
    assert.equal(cached.invalidate('params.yaml', 'changed'), true);
    assert.equal(cached.readText('params.yaml'), 'train:\n  lr: 0.2\n');
    readAll();
    assert.deepEqual(reads.slice(4), ['readText params.yaml']);
  });

  it('a created file shows up in the globs and existence checks it affects', () => {
    readAll();
    writeFileSync(path.join(project.dir, 'data/incoming/b2.csv'), 'x,y\n');
    assert.equal(cached.invalidate('data/incoming/b2.csv', 'created'), true);
    assert.deepEqual(cached.glob('data/incoming/*.csv'), ['data/incoming/b1.csv', 'data/incoming/b2.csv']);
    mkdirSync(path.join(project.dir, 'data/prepared'));
    assert.equal(cached.invalidate('data/prepared', 'created'), true);
    assert.equal(cached.exists('data/prepared'), true);
  });

  it('a deleted folder stands for everything in it', () => {
    readAll();
    assert.equal(cached.invalidate('data', 'deleted'), true);
    readAll();
    assert.deepEqual(reads.slice(4).sort(), ['exists data/prepared', 'glob data/incoming/*.csv', 'readHeader data/a.csv']);
  });
});

describe('ProjectFilesCache', () => {
  it('keeps one cache per pipeline root and says which roots a file event touched', () => {
    const cache = new ProjectFilesCache(() => ({ exists: () => true, readText: (rel) => rel, readHeader: () => undefined, glob: () => [] }));
    cache.for('/p/a').readText('params.yaml');
    cache.for('/p/b').readText('params.yaml');
    assert.equal(cache.for('/p/a'), cache.for('/p/a'));
    assert.deepEqual(cache.fileChanged('/p/a/params.yaml', 'changed', relativeToRoot), ['/p/a']);
    assert.deepEqual(cache.fileChanged('/p/a/params.yaml', 'changed', relativeToRoot), [], 'already forgotten');
    // A file outside the root, referenced as ../shared/params.yaml, is matched too.
    cache.for('/p/b').readText('../shared/params.yaml');
    assert.deepEqual(cache.fileChanged('/p/shared/params.yaml', 'changed', relativeToRoot), ['/p/b']);
    cache.drop('/p/b');
    assert.deepEqual(cache.fileChanged('/p/b/params.yaml', 'changed', relativeToRoot), []);
  });
});
