import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { describeDeps } from '../../../src/core/lineage/datasets';
import { stageEdges } from '../../../src/core/lineage/edges';
import { describeOuts } from '../../../src/core/lineage/outs';
import { md5DigestOf } from './digestOf';
import { tempDir, write } from './gitRepo';

const fixtures = path.join(__dirname, '..', '..', 'fixtures', 'lineage');

test('outs with digests: a tag and an artifact holding the same list, Delta tables with their version', async () => {
  const root = tempDir('outs');
  write(root, 'models/model.json', '{"weights": [0.1, 0.2]}\n');
  cpSync(path.join(fixtures, 'delta-table-checkpointed'), path.join(root, 'data/scored'), { recursive: true });
  const digestOf = md5DigestOf(root);
  const outs = await describeOuts(root, ['models/model.json', 'data/scored'], { digestOf });
  const expected = [
    { path: 'models/model.json', digest: digestOf('models/model.json') },
    { path: 'data/scored', digest: digestOf('data/scored'), deltaVersion: 2 },
  ];
  assert.deepEqual(outs.files, expected);
  assert.deepEqual(JSON.parse(outs.tags['mlops.outs'] ?? ''), expected);
  assert.equal(outs.artifact.path, 'lineage/outs.json');
  assert.deepEqual(JSON.parse(outs.artifact.content), expected);
});

test('a list too long for an MLflow tag value goes to the artifact only', async () => {
  const root = tempDir('manyouts');
  const names = Array.from({ length: 200 }, (_, i) => `reports/figure-${String(i).padStart(3, '0')}.svg`);
  for (const name of names) write(root, name, `<svg>${name}</svg>`);
  const outs = await describeOuts(root, names, { digestOf: md5DigestOf(root) });
  assert.deepEqual(outs.tags, {});
  assert.equal(JSON.parse(outs.artifact.content).length, 200);
});

test('a missing out is an error naming it', async () => {
  const root = tempDir('missingout');
  await assert.rejects(describeOuts(root, ['models/model.json'], { digestOf: md5DigestOf(root) }), /lineage of out models\/model\.json: it does not exist/);
});

test('edges: each dep into the run, the run into each out; files by path and digest, Delta tables by version', async () => {
  const root = tempDir('edges');
  write(root, 'data/prepared/train.csv', 'tenure\n1\n');
  write(root, 'models/model.json', '{}\n');
  cpSync(path.join(fixtures, 'delta-table'), path.join(root, 'data/customers'), { recursive: true });
  const digestOf = md5DigestOf(root);
  const deps = await describeDeps(root, ['data/prepared/', 'data/customers'], { digestOf, stage: 'train' });
  const outs = await describeOuts(root, ['models/model.json'], { digestOf });
  assert.deepEqual(stageEdges('run1', deps.files, outs.files), [
    { fromKind: 'file', fromId: `data/prepared/@${digestOf('data/prepared/')}`, toKind: 'run', toId: 'run1', relation: 'input' },
    { fromKind: 'delta_table', fromId: 'data/customers@v1', toKind: 'run', toId: 'run1', relation: 'input' },
    { fromKind: 'run', fromId: 'run1', toKind: 'file', toId: `models/model.json@${digestOf('models/model.json')}`, relation: 'output' },
  ]);
});
