import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { describeEnvironment, environmentFiles } from '../../../src/core/lineage/environment';
import { tempDir, write } from './gitRepo';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

test('the Python version on PATH and one hash tag per requirements or lock file at the root', async () => {
  const root = tempDir('env');
  write(root, 'requirements.txt', 'scikit-learn==1.5.2\n');
  write(root, 'requirements-dev.txt', 'pytest\n');
  write(root, 'uv.lock', 'version = 1\n');
  write(root, 'environment.yml', 'name: churn\n');
  write(root, 'notes.txt', 'not an environment file\n');
  write(root, 'sub/requirements.txt', 'not at the root\n');
  const { tags, notes } = await describeEnvironment(root);
  const version = /Python (\S+)/.exec(execFileSync('python3', ['--version'], { encoding: 'utf8' }))?.[1];
  assert.deepEqual(tags, {
    'mlops.python.version': version,
    'mlops.env.environment.yml.sha256': sha256(path.join(root, 'environment.yml')),
    'mlops.env.requirements-dev.txt.sha256': sha256(path.join(root, 'requirements-dev.txt')),
    'mlops.env.requirements.txt.sha256': sha256(path.join(root, 'requirements.txt')),
    'mlops.env.uv.lock.sha256': sha256(path.join(root, 'uv.lock')),
  });
  assert.deepEqual(notes, []);
});

test('a changed lock file changes its tag only', async () => {
  const root = tempDir('envchange');
  write(root, 'requirements.txt', 'numpy==2.0.0\n');
  write(root, 'poetry.lock', '# lock\n');
  const before = (await describeEnvironment(root)).tags;
  write(root, 'requirements.txt', 'numpy==2.1.0\n');
  const after = (await describeEnvironment(root)).tags;
  assert.notEqual(after['mlops.env.requirements.txt.sha256'], before['mlops.env.requirements.txt.sha256']);
  assert.equal(after['mlops.env.poetry.lock.sha256'], before['mlops.env.poetry.lock.sha256']);
});

test('no python: no version tag and a note; a file name MLflow cannot take as a tag key: a note', async () => {
  const root = tempDir('nopython');
  write(root, 'requirements+gpu.txt', 'torch\n');
  const { tags, notes } = await describeEnvironment(root, { python: '/nonexistent/python3' });
  assert.deepEqual(tags, {});
  assert.match(notes.join('\n'), /\/nonexistent\/python3 --version failed \(.*ENOENT.*\): no Python version recorded/);
  assert.match(notes.join('\n'), /requirements\+gpu\.txt: its name cannot be part of an MLflow tag key/);
  assert.deepEqual(environmentFiles(root), ['requirements+gpu.txt']);
});
