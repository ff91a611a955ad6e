import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { describeDeps, mlflowDigest } from '../../../src/core/lineage/datasets';
import { md5DigestOf } from './digestOf';
import { tempDir, write } from './gitRepo';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'lineage');

function project(): string {
  const root = tempDir('deps');
  write(root, 'data/raw/churn.csv', 'tenure,monthly_charges,churned\n1,29.85,1\n34,56.95,0\n');
  write(root, 'data/prepared/train.csv', 'tenure\n1\n');
  write(root, 'data/prepared/test.csv', 'tenure\n34\n');
  write(root, 'src/prepare.py', 'print("prepare")\n');
  cpSync(path.join(fixtures, 'delta-table'), path.join(root, 'data/customers'), { recursive: true });
  return root;
}

/** What Python's json.dumps writes, MLflow's way of storing a dataset source. */
function pythonDumps(value: object): string {
  return execFileSync('python3', ['-c', 'import json, sys; print(json.dumps(json.loads(sys.argv[1])), end="")', JSON.stringify(value)], { encoding: 'utf8' });
}

test('files and folders are local dataset inputs: the declared path, the digest, a file URI source, the stage as context', async () => {
  const root = project();
  const digestOf = md5DigestOf(root);
  const { inputs, files } = await describeDeps(root, ['data/raw/churn.csv', 'data/prepared/', 'src/prepare.py'], { digestOf, stage: 'prepare' });
  assert.deepEqual(inputs[0], {
    dataset: {
      name: 'data/raw/churn.csv',
      digest: digestOf('data/raw/churn.csv'),
      sourceType: 'local',
      source: pythonDumps({ uri: pathToFileURL(path.join(root, 'data/raw/churn.csv')).href }),
    },
    tags: { 'mlflow.data.context': 'prepare' },
  });
  assert.equal(inputs[1]?.dataset.name, 'data/prepared/');
  assert.match(inputs[1]?.dataset.digest ?? '', /^[0-9a-f]{32}\.dir$/);
  assert.deepEqual(JSON.parse(inputs[1]?.dataset.source ?? ''), { uri: pathToFileURL(path.join(root, 'data/prepared')).href });
  assert.deepEqual(files.map((f) => f.path), ['data/raw/churn.csv', 'data/prepared/', 'src/prepare.py']);
  assert.deepEqual(files.map((f) => f.digest), inputs.map((i) => i.dataset.digest));
});

test('a Delta table dep: MLflow\'s delta_table source with its version, and the version as an input tag', async () => {
  const root = project();
  const { inputs, files } = await describeDeps(root, ['data/customers'], { digestOf: md5DigestOf(root), stage: 'train' });
  const full = path.join(root, 'data/customers');
  assert.deepEqual(inputs[0]?.dataset.sourceType, 'delta_table');
  assert.equal(inputs[0]?.dataset.source, pythonDumps({ path: full, delta_table_version: 1 }));
  assert.deepEqual(inputs[0]?.tags, { 'mlflow.data.context': 'train', 'mlops.delta.version': '1' });
  assert.equal(files[0]?.deltaVersion, 1);
});

test('sources are written as Python writes JSON, non-ASCII escaped', async () => {
  const root = tempDir('unicode');
  cpSync(path.join(fixtures, 'delta-table'), path.join(root, 'données'), { recursive: true });
  const { inputs } = await describeDeps(root, ['données'], { digestOf: md5DigestOf(root), stage: 'train' });
  assert.equal(inputs[0]?.dataset.source, pythonDumps({ path: path.join(root, 'données'), delta_table_version: 1 }));
  assert.match(inputs[0]?.dataset.source ?? '', /donn\\u00e9es/);
});

test('digests longer than MLflow\'s 36 characters are cut, the whole one kept in an input tag', async () => {
  const root = project();
  const full = `sha256:${'ab'.repeat(32)}`;
  const { inputs, files } = await describeDeps(root, ['src/prepare.py'], { digestOf: () => full, stage: 'prepare' });
  assert.equal(inputs[0]?.dataset.digest, 'ab'.repeat(18));
  assert.equal(inputs[0]?.tags['mlops.data.digest'], full);
  assert.equal(files[0]?.digest, full);
  assert.equal(mlflowDigest('0123456789abcdef0123456789abcdef.dir'), '0123456789abcdef0123456789abcdef.dir');
});

test('a dep that does not exist is an error naming it', async () => {
  const root = project();
  await assert.rejects(describeDeps(root, ['data/raw/missing.csv'], { digestOf: md5DigestOf(root), stage: 'prepare' }), /Cannot record lineage of dep data\/raw\/missing\.csv: it does not exist under /);
});
