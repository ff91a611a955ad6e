import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PipelineConfig } from '../../../src/core/config/pipelineConfig';
import { gateTags, recordGateResult } from '../../../src/core/pipeline/gateRecord';
import { evaluateGate, type GateResult } from '../../../src/core/pipeline/gates';
import { checkProtection, judgeProtection, requiredGates } from '../../../src/core/pipeline/protection';
import { StoreError } from '../../../src/core/store/types';
import { gate, openWorld, type World } from './registryWorld';

const config: Pick<PipelineConfig, 'register' | 'protect'> = {
  register: { model: 'churn', artifact: 'models/model.json', producer: 'train', when: ['beats_champion'], alias: 'challenger' },
  protect: { aliases: { champion: ['beats_champion', 'fair'] }, stages: { Production: ['beats_champion'] } },
};
const beatsChampion = gate('beats_champion', 'evaluate', [{ metric: 'auc', op: '>=', baseline: 0.82, margin: 0.005 }]);
const fair = gate('fair', 'evaluate', [{ metric: 'parity', op: '<=', baseline: 0.1 }]);

describe('registry protection', () => {
  let w: World;
  before(async () => {
    w = await openWorld();
  });
  after(async () => {
    await w.close();
  });

  /** A pipeline run (parent) with train and evaluate child runs; the gates checked after evaluate; a version from the train run. */
  async function pipelineVersion(metrics: Record<string, number>, gates = [beatsChampion, fair]): Promise<{ version: string; results: GateResult[] }> {
    const parent = await w.run({}, { 'mlops.pipelineRun': 'true' });
    const train = await w.run({}, { 'mlflow.parentRunId': parent });
    const evaluate = await w.run(metrics, { 'mlflow.parentRunId': parent });
    const results: GateResult[] = [];
    for (const g of gates) {
      const result = await evaluateGate(g, [{ stage: 'train', runId: train }, { stage: 'evaluate', runId: evaluate }], w.store);
      await recordGateResult(w.store, result, [evaluate, parent]);
      results.push(result);
    }
    return { version: await w.version('churn', train), results };
  }

  it('names the protecting gates of an alias or registry stage (stages in any case), only for the registered model', () => {
    assert.deepEqual(requiredGates(config, 'churn', { kind: 'alias', name: 'champion' }), ['beats_champion', 'fair']);
    assert.deepEqual(requiredGates(config, 'churn', { kind: 'alias', name: 'challenger' }), []);
    assert.deepEqual(requiredGates(config, 'churn', { kind: 'stage', name: 'production' }), ['beats_champion']);
    assert.deepEqual(requiredGates(config, 'churn', { kind: 'stage', name: 'Staging' }), []);
    assert.deepEqual(requiredGates(config, 'other', { kind: 'alias', name: 'champion' }), []);
    assert.deepEqual(requiredGates({ protect: config.protect }, 'churn', { kind: 'alias', name: 'champion' }), [], 'no register: no model to protect');
    assert.deepEqual(requiredGates(config, 'churn', { kind: 'alias', name: 'constructor' }), [], 'only aliases mlops.yaml names');
  });

  it('allows a version whose pipeline run passed every protecting gate (read from the run above its run)', async () => {
    const { version } = await pipelineVersion({ auc: 0.9, parity: 0.05 });
    const verdict = await checkProtection(config, { kind: 'alias', name: 'champion' }, { name: 'churn', version }, w.store);
    assert.deepEqual(verdict, {
      allowed: true, required: ['beats_champion', 'fair'], message: '',
      gates: [{ gate: 'beats_champion', passed: true, why: 'passed' }, { gate: 'fair', passed: true, why: 'passed' }],
    });
  });

  it('blocks a version whose gate failed, naming the gate and why', async () => {
    const { version } = await pipelineVersion({ auc: 0.81, parity: 0.05 });
    const verdict = await checkProtection(config, { kind: 'alias', name: 'champion' }, { name: 'churn', version }, w.store);
    assert.equal(verdict.allowed, false);
    assert.deepEqual(verdict.gates.map((g) => [g.gate, g.passed]), [['beats_champion', false], ['fair', true]]);
    assert.equal(verdict.message, `Version ${version} of 'churn' cannot receive alias 'champion': gate 'beats_champion' failed: auc 0.81 is not >= 0.825 (baseline 0.82 + margin 0.005).`);
    const stage = await checkProtection(config, { kind: 'stage', name: 'Production' }, { name: 'churn', version }, w.store);
    assert.match(stage.message, /^Version \d+ of 'churn' cannot enter stage 'Production': gate 'beats_champion' failed: auc 0\.81/);
  });

  it('blocks a version whose pipeline run never checked a protecting gate', async () => {
    const { version } = await pipelineVersion({ auc: 0.9 }, [beatsChampion]);
    const verdict = await checkProtection(config, { kind: 'alias', name: 'champion' }, { name: 'churn', version }, w.store);
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.message, `Version ${version} of 'churn' cannot receive alias 'champion': gate 'fair' was not checked in the pipeline run that produced this version (no result is recorded for it).`);
    const bare = await w.version('churn', await w.run({ auc: 0.99 }));
    const none = await checkProtection(config, { kind: 'alias', name: 'champion' }, { name: 'churn', version: bare }, w.store);
    assert.deepEqual(none.gates.map((g) => g.passed), [false, false]);
  });

  it("reads the version's own gate tags before its runs'", async () => {
    const { results } = await pipelineVersion({ auc: 0.81, parity: 0.05 });
    const passing = await pipelineVersion({ auc: 0.9, parity: 0.05 });
    // A version tagged with the failing results, produced by a run whose pipeline run passed.
    const runId = (await w.store.getModelVersion('churn', passing.version)).runId;
    const tags = Object.assign({}, ...results.map(gateTags)) as Record<string, string>;
    const tagged = await w.store.createModelVersion({ name: 'churn', source: `runs:/${runId}/model`, runId, tags });
    const verdict = await checkProtection(config, { kind: 'alias', name: 'champion' }, { name: 'churn', version: tagged.version }, w.store);
    assert.deepEqual(verdict.gates.map((g) => g.passed), [false, true]);
  });

  it('allows what is not protected without reading the store; a protected target of a missing version is an error', async () => {
    const free = await checkProtection(config, { kind: 'alias', name: 'challenger' }, { name: 'churn', version: '999' }, w.store);
    assert.deepEqual(free, { allowed: true, required: [], gates: [], message: '' });
    await assert.rejects(checkProtection(config, { kind: 'alias', name: 'champion' }, { name: 'churn', version: '999' }, w.store), (e: unknown) => e instanceof StoreError && e.code === 'RESOURCE_DOES_NOT_EXIST');
  });

  it('judges a version about to be registered on the results in hand', () => {
    const verdict = judgeProtection(config, { kind: 'alias', name: 'champion' }, { name: 'churn', version: '' }, new Map([['beats_champion', { gate: 'beats_champion', passed: true }]]));
    assert.equal(verdict.message, "The new version of 'churn' cannot receive alias 'champion': gate 'fair' was not checked in the pipeline run that produced this version (no result is recorded for it).");
  });
});
