import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { StageHistory, STAGES_FILE } from '../../../src/core/pipeline/stageHistory';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { projectWith, runProject, statusOf } from '../../fixtures/pipelines';

// Where a stage's last successful execution comes from: the newer of the ledger and stages.json.
// Status reads the ledger's ends in one query and a record only where the ledger is newer; it must
// give what asking stage by stage gives, also after a run whose stages.json write was lost.

const p = projectWith({
  'mlops.yaml': 'version: 1\nexperiment: history\nparams: params.yaml\nstages:\n  prepare:\n    cmd: cp raw.txt prepared.txt\n    deps: [raw.txt]\n    outs: [prepared.txt]\n  train:\n    cmd: cat prepared.txt > model.txt\n    deps: [prepared.txt]\n    params: [lr]\n    outs: [model.txt]\n',
  'params.yaml': 'lr: 0.1\n',
  'raw.txt': 'raw\n',
});
const stateDir = path.join(p.dir, '.mlops');
const stagesFile = path.join(stateDir, STAGES_FILE);
let beforeSecondRun: string;
let afterSecondRun: string;
after(p.cleanup);

before(async () => {
  assert.equal((await runProject(p.dir)).status, 'FINISHED');
  beforeSecondRun = readFileSync(stagesFile, 'utf8');
  writeFileSync(path.join(p.dir, 'params.yaml'), 'lr: 0.2\n');
  assert.equal((await runProject(p.dir)).status, 'FINISHED'); // train runs again; prepare is cached
  afterSecondRun = readFileSync(stagesFile, 'utf8');
});

async function lastBothWays(): Promise<{ each: unknown; oneByOne: unknown; trainRun: string | undefined }> {
  const store = await openEmbeddedStore(stateDir, { readOnly: true });
  try {
    const history = StageHistory.load(stateDir, store);
    const each = Object.fromEntries(await history.lastOfEach(['prepare', 'train', 'nowhere']));
    const oneByOne = { prepare: await history.last('prepare'), train: await history.last('train'), nowhere: await history.last('nowhere') };
    return { each, oneByOne, trainRun: (await store.lastSuccessfulExecution('train'))?.runId ?? undefined };
  } finally {
    await store.close();
  }
}

test('with stages.json as the run left it, lastOfEach gives what last gives, stage by stage', async () => {
  const { each, oneByOne, trainRun } = await lastBothWays();
  assert.deepEqual(each, oneByOne);
  assert.equal((each as Record<string, { runId: string }>).train.runId, trainRun);
  assert.deepEqual(await statusOf(p.dir), { prepare: [], train: [] });
});

test('when the last run lost its stages.json write, the ledger has the newer record and wins', async () => {
  writeFileSync(stagesFile, beforeSecondRun);
  try {
    const { each, oneByOne, trainRun } = await lastBothWays();
    assert.deepEqual(each, oneByOne);
    assert.equal((each as Record<string, { runId: string; fingerprint: { params: object } }>).train.runId, trainRun);
    assert.deepEqual((each as Record<string, { fingerprint: { params: object } }>).train.fingerprint.params, { lr: '0.2' });
    assert.deepEqual(await statusOf(p.dir), { prepare: [], train: [] }, 'stages.json alone would say params changed');
  } finally {
    writeFileSync(stagesFile, afterSecondRun);
  }
});

test('without stages.json the ledger alone answers; with neither a stage never ran', async () => {
  rmSync(stagesFile);
  try {
    const { each, oneByOne } = await lastBothWays();
    assert.deepEqual(each, oneByOne);
    assert.equal((each as Record<string, unknown>).nowhere, undefined);
    assert.deepEqual(await statusOf(p.dir), { prepare: [], train: [] });
  } finally {
    writeFileSync(stagesFile, afterSecondRun);
  }
});

test('without a ledger (a store reached over REST) stages.json alone answers', async () => {
  writeFileSync(stagesFile, beforeSecondRun);
  try {
    const history = StageHistory.load(stateDir);
    const each = await history.lastOfEach(['prepare', 'train']);
    assert.deepEqual(Object.fromEntries(each), { prepare: await history.last('prepare'), train: await history.last('train') });
    assert.deepEqual(each.get('train')!.fingerprint.params, { lr: '0.1' });
  } finally {
    writeFileSync(stagesFile, afterSecondRun);
  }
});
