import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeGateResult, encodeGateResult, gateResultTagKey, gateTagKey, readGateTags, recordGateResult, recordedGateResult } from '../../../src/core/pipeline/gateRecord';
import { describeFailure, formatGateResult } from '../../../src/core/pipeline/gateReport';
import { evaluateGate, holds, type GateResult } from '../../../src/core/pipeline/gates';
import { gate, openWorld, type World } from './registryWorld';

describe('gates', () => {
  let w: World;
  before(async () => {
    w = await openWorld();
  });
  after(async () => {
    await w.close();
  });

  /** One requirement against a number baseline, the candidate logged by an `evaluate` run. */
  async function check(candidate: number, op: '>=' | '>' | '<=' | '<', baseline: number, margin?: number) {
    const runId = await w.run({ auc: candidate });
    const result = await evaluateGate(gate('g', 'evaluate', [{ metric: 'auc', op, baseline, margin }]), [{ stage: 'evaluate', runId }], w.store);
    return result.requirements[0]!;
  }

  it('compares with baseline + margin for >= and >, baseline - margin for <= and <', async () => {
    // 0.82 + 0.005 is 0.8250000000000001 in binary: equal values still count as equal.
    assert.deepEqual([(await check(0.825, '>=', 0.82, 0.005)).passed, (await check(0.8249, '>=', 0.82, 0.005)).passed], [true, false]);
    assert.deepEqual([(await check(0.825, '>', 0.82, 0.005)).passed, (await check(0.8251, '>', 0.82, 0.005)).passed], [false, true]);
    assert.deepEqual([(await check(0.4, '<=', 0.5, 0.1)).passed, (await check(0.41, '<=', 0.5, 0.1)).passed], [true, false]);
    assert.deepEqual([(await check(0.4, '<', 0.5, 0.1)).passed, (await check(0.39, '<', 0.5, 0.1)).passed], [false, true]);
    const r = await check(0.8249, '>=', 0.82, 0.005);
    assert.equal(r.threshold, 0.82 + 0.005);
    assert.equal(r.note, '0.8249 is not >= 0.825');
    assert.equal((await check(0.3, '<=', 0.5, 0.2)).passed, true);
    assert.equal((await check(0.7, '>=', 0.7)).passed, true, 'margin 0: equal passes >=');
    assert.equal((await check(0.7, '<', 0.7)).passed, false, 'margin 0: equal fails <');
  });

  it('holds() treats values within a relative 1e-12 as equal, and no further', () => {
    assert.equal(holds(0.3, '>=', 0.1 + 0.2), true);
    assert.equal(holds(0.3, '<', 0.1 + 0.2), false);
    assert.equal(holds(1e9, '>=', 1e9 + 1e-4), true); // 1e-13 relative
    assert.equal(holds(1e9, '>=', 1e9 + 1), false);
    assert.equal(holds(1e-20, '>', 0), true, 'relative: tiny values still compare');
    assert.equal(holds(1e-20, '>', 1e-20 * (1 + 1e-13)), false);
    assert.equal(holds(0, '>=', 0), true);
  });

  it('reads a baseline from the run behind a model alias, a model version, a runs:/ id, or a number', async () => {
    const v1Run = await w.run({ auc: 0.9 });
    const v2Run = await w.run({ auc: 0.8 });
    await w.version('churn', v1Run);
    await w.version('churn', v2Run, 'champion');
    const oldRun = await w.run({ auc: 0.86 });
    const runId = await w.run({ auc: 0.85 });
    const result = await evaluateGate(
      gate('g', 'evaluate', [
        { metric: 'auc', op: '>=', baseline: 'models:/churn@champion', margin: 0.01 },
        { metric: 'auc', op: '>=', baseline: 'models:/churn/1' },
        { metric: 'auc', op: '>=', baseline: `runs:/${oldRun}` },
        { metric: 'auc', op: '>=', baseline: 0.5 },
      ]),
      [{ stage: 'evaluate', runId }],
      w.store,
    );
    const [alias, version, run, number] = result.requirements;
    assert.deepEqual([alias!.baseline, alias!.threshold, alias!.passed, alias!.baselineSource], [0.8, 0.8 + 0.01, true, `models:/churn@champion (version 2, run ${v2Run})`]);
    assert.deepEqual([version!.baseline, version!.passed, version!.note], [0.9, false, '0.85 is not >= 0.9']);
    assert.deepEqual([run!.baseline, run!.passed, run!.baselineSource], [0.86, false, `runs:/${oldRun}`]);
    assert.deepEqual([number!.baseline, number!.passed, number!.baselineSource], [0.5, true, '0.5']);
    assert.deepEqual(result.requirements.map((r) => [r.candidate, r.candidateRunId]), Array(4).fill([0.85, runId]));
    assert.equal(result.passed, false);
    assert.equal(result.runId, runId);
  });

  it("reads a version's baseline from the stage runs of the pipeline run that produced it: the gate's stage first, cached stages through the run they reused", async () => {
    const parent = await w.run({}, { 'mlops.pipelineRun': 'true' });
    const train = await w.run({ train_loss: 0.2 }, { 'mlflow.parentRunId': parent, 'mlops.stage': 'train' });
    const evaluate = await w.run({ auc: 0.77 }, { 'mlflow.parentRunId': parent, 'mlops.stage': 'evaluate' });
    await w.run({ auc: 0.1 }, { 'mlflow.parentRunId': parent, 'mlops.stage': 'report' }); // started later: read only after evaluate
    await w.version('sibling', train, 'champion');
    // Another pipeline run whose evaluate stage was up to date: a cached run pointing at `evaluate`.
    const parent2 = await w.run({}, { 'mlops.pipelineRun': 'true' });
    const train2 = await w.run({}, { 'mlflow.parentRunId': parent2, 'mlops.stage': 'train' });
    await w.run({}, { 'mlflow.parentRunId': parent2, 'mlops.stage': 'evaluate', 'mlops.cached_from': evaluate });
    await w.version('sibling', train2, 'cached');

    const candidate = await w.run({}, { 'mlops.cached_from': evaluate });
    const result = await evaluateGate(
      gate('g', 'evaluate', [
        { metric: 'auc', op: '>=', baseline: 'models:/sibling@champion' },
        { metric: 'train_loss', op: '<=', baseline: 'models:/sibling@champion' },
        { metric: 'auc', op: '>=', baseline: 'models:/sibling@cached' },
      ]),
      [{ stage: 'evaluate', runId: candidate }],
      w.store,
    );
    const [fromEvaluate, fromTrain, fromCached] = result.requirements;
    assert.deepEqual([fromEvaluate!.baseline, fromEvaluate!.baselineSource], [0.77, `models:/sibling@champion (version 1, run ${evaluate})`]);
    assert.deepEqual([fromTrain!.baseline, fromTrain!.candidate, fromTrain!.note], [0.2, null, "stage 'evaluate' (and the stages before it) logged no metric 'train_loss'"]);
    assert.deepEqual([fromCached!.baseline, fromCached!.candidate, fromCached!.candidateRunId, fromCached!.passed], [0.77, 0.77, evaluate, true]);
    const none = await evaluateGate(gate('g', 'evaluate', [{ metric: 'f1', op: '>=', baseline: 'models:/sibling@champion' }]), [{ stage: 'evaluate', runId: candidate }], w.store);
    assert.equal(none.requirements[0]!.note, "stage 'evaluate' (and the stages before it) logged no metric 'f1'");
    const f1 = await w.run({ f1: 0.5 });
    const noBaseline = await evaluateGate(gate('g', 'evaluate', [{ metric: 'f1', op: '>=', baseline: 'models:/sibling@champion' }]), [{ stage: 'evaluate', runId: f1 }], w.store);
    assert.deepEqual([noBaseline.passed, noBaseline.requirements[0]!.note], [true, "the pipeline run that produced version 1 of 'sibling' has no metric 'f1', so there is no baseline to beat"]);
  });

  it('passes with a note when the baseline does not exist yet, or has no value for the metric', async () => {
    const noMetric = await w.run({ accuracy: 0.7 });
    await w.version('nometric', noMetric, 'champion');
    await w.store.createRegisteredModel('empty');
    const runId = await w.run({ auc: 0.6 });
    const result = await evaluateGate(
      gate('first', 'evaluate', [
        { metric: 'auc', op: '>=', baseline: 'models:/nobody@champion' },
        { metric: 'auc', op: '>=', baseline: 'models:/empty@champion' },
        { metric: 'auc', op: '>=', baseline: 'models:/empty/4' },
        { metric: 'auc', op: '>=', baseline: 'models:/nometric@champion' },
        { metric: 'auc', op: '>=', baseline: `runs:/${noMetric}` },
      ]),
      [{ stage: 'evaluate', runId }],
      w.store,
    );
    assert.equal(result.passed, true);
    assert.deepEqual(result.requirements.map((r) => [r.passed, r.baseline, r.threshold]), Array(5).fill([true, null, null]));
    assert.deepEqual(result.requirements.map((r) => r.note), [
      "no version of model 'nobody' holds alias 'champion' yet, so there is no baseline to beat",
      "no version of model 'empty' holds alias 'champion' yet, so there is no baseline to beat",
      "model 'empty' has no version 4 yet, so there is no baseline to beat",
      "the run of version 1 of 'nometric' has no metric 'auc', so there is no baseline to beat",
      `run ${noMetric} has no metric 'auc', so there is no baseline to beat`,
    ]);
    assert.match(formatGateResult(result), /auc +>= +0\.6 +- models:\/nobody@champion +0 +pass \(no version of model 'nobody' holds alias 'champion' yet/);
  });

  it('fails a runs:/ baseline that names no run, rather than letting every candidate pass', async () => {
    const runId = await w.run({ auc: 0.6 });
    const missing = 'f'.repeat(32);
    const result = await evaluateGate(gate('g', 'evaluate', [{ metric: 'auc', op: '>=', baseline: `runs:/${missing}` }]), [{ stage: 'evaluate', runId }], w.store);
    assert.equal(result.passed, false);
    assert.match(result.requirements[0]!.note!, new RegExp(`^baseline run ${missing} does not exist in embedded store`));
  });

  it('fails when no stage run logged the metric, and when the candidate is NaN', async () => {
    const runId = await w.run({ auc: NaN, accuracy: 0.9 });
    const result = await evaluateGate(
      gate('g', 'evaluate', [
        { metric: 'auc', op: '>=', baseline: 0.5 },
        { metric: 'f1', op: '>=', baseline: 0.5 },
        { metric: 'accuracy', op: '>=', baseline: 0.5 },
      ]),
      [{ stage: 'evaluate', runId }],
      w.store,
    );
    const [nan, missing, ok] = result.requirements;
    assert.equal(result.passed, false);
    assert.ok(Number.isNaN(nan!.candidate));
    assert.deepEqual([nan!.passed, nan!.note], [false, "the candidate's 'auc' is NaN"]);
    assert.deepEqual([missing!.passed, missing!.candidate, missing!.note], [false, null, "stage 'evaluate' (and the stages before it) logged no metric 'f1'"]);
    assert.equal(ok!.passed, true);
    assert.equal(describeFailure(result), "auc: the candidate's 'auc' is NaN; f1: stage 'evaluate' (and the stages before it) logged no metric 'f1'");
  });

  it("takes the candidate from the gate's stage first, then the nearest stage before it; never from later stages", async () => {
    const prepare = await w.run({ rows: 100, auc: 0.1 });
    const train = await w.run({ auc: 0.7, train_loss: 0.3 });
    const evaluate = await w.run({ auc: 0.8 });
    const report = await w.run({ pages: 3 });
    const stageRuns = [{ stage: 'prepare', runId: prepare }, { stage: 'train', runId: train }, { stage: 'evaluate', runId: evaluate }, { stage: 'report', runId: report }];
    const result = await evaluateGate(
      gate('g', 'evaluate', [
        { metric: 'auc', op: '>=', baseline: 0 },
        { metric: 'train_loss', op: '<=', baseline: 1 },
        { metric: 'rows', op: '>=', baseline: 10 },
        { metric: 'pages', op: '>=', baseline: 1 },
      ]),
      stageRuns,
      w.store,
    );
    assert.deepEqual(result.requirements.map((r) => r.candidateRunId), [evaluate, train, prepare, null]);
    await assert.rejects(evaluateGate(gate('g', 'deploy', [{ metric: 'auc', op: '>=', baseline: 0 }]), stageRuns, w.store), /Gate 'g' is checked after stage 'deploy', which has no run in this pipeline run\./);
  });

  it('records the result as tags on the runs and reads it back, NaN included', async () => {
    const pipelineRun = await w.run({});
    const runId = await w.run({ auc: NaN, log_loss: 0.3 });
    const result = await evaluateGate(
      gate('beats_champion', 'evaluate', [{ metric: 'auc', op: '>=', baseline: 0.5 }, { metric: 'log_loss', op: '<=', baseline: 0.6 }]),
      [{ stage: 'evaluate', runId }],
      w.store,
    );
    await recordGateResult(w.store, result, [runId, pipelineRun]);
    for (const id of [runId, pipelineRun]) {
      const tags = (await w.store.getRun(id)).data.tags;
      assert.equal(tags[gateTagKey('beats_champion')], 'failed');
      const recorded = readGateTags(tags).get('beats_champion')!;
      assert.equal(recorded.passed, false);
      assert.ok(Number.isNaN(recorded.result!.requirements[0]!.candidate));
      assert.deepEqual({ ...recorded.result!, requirements: recorded.result!.requirements.slice(1) }, { ...result, requirements: result.requirements.slice(1) });
    }
    assert.deepEqual(await recordedGateResult(w.store, pipelineRun, 'beats_champion'), (await recordedGateResult(w.store, runId, 'beats_champion')));
    assert.equal((await recordedGateResult(w.store, runId, 'beats_champion'))!.evaluatedAt, result.evaluatedAt);
    assert.equal(await recordedGateResult(w.store, runId, 'other_gate'), undefined);
    assert.equal(decodeGateResult('not json'), undefined);
    assert.equal(decodeGateResult('{"gate": 3}'), undefined);
    assert.equal(readGateTags({ [gateTagKey('x')]: 'maybe', [gateResultTagKey('y')]: '{}' }).size, 0);
  });

  it('keeps the result tag within 8,000 characters: notes go first, then passing requirements', () => {
    const req = (i: number, passed: boolean) => ({
      metric: `metric_${i}`, op: '>=' as const, candidate: 0.5, candidateRunId: 'a'.repeat(32), baseline: null, baselineSource: `models:/some_model_with_a_long_name@champion_${i}`,
      margin: 0, threshold: null, passed, note: 'x'.repeat(200),
    });
    const big: GateResult = { gate: 'g', after: 'evaluate', runId: 'b'.repeat(32), passed: false, evaluatedAt: 1, requirements: [...Array.from({ length: 60 }, (_, i) => req(i, true)), req(60, false)] };
    const text = encodeGateResult(big);
    assert.ok(text.length <= 8000, `${text.length}`);
    const back = decodeGateResult(text)!;
    assert.equal(back.truncated, true);
    assert.deepEqual(back.requirements.map((r) => [r.metric, r.note]), [['metric_60', null]]);
    const small: GateResult = { ...big, requirements: [req(1, false)] };
    assert.deepEqual(decodeGateResult(encodeGateResult(small)), small);
  });

  it('formats a table for the terminal', async () => {
    const runId = await w.run({ auc: 0.81, log_loss: 0.41 });
    await w.version('tabled', await w.run({ auc: 0.82 }), 'champion');
    const result = await evaluateGate(
      gate('beats_champion', 'evaluate', [{ metric: 'auc', op: '>=', baseline: 'models:/tabled@champion', margin: 0.005 }, { metric: 'log_loss', op: '<=', baseline: 0.6 }]),
      [{ stage: 'evaluate', runId }],
      w.store,
    );
    const lines = formatGateResult(result).split('\n');
    assert.equal(lines[0], 'Gate beats_champion (after evaluate): failed');
    assert.match(lines[1]!, /^ {2}metric +op +candidate +baseline +margin +result$/);
    assert.match(lines[2]!, /^ {2}auc +>= +0\.81 +0\.82 models:\/tabled@champion \(version 1, run [0-9a-f]{32}\) +0\.005 +FAIL: 0\.81 is not >= 0\.825$/);
    assert.match(lines[3]!, /^ {2}log_loss +<= +0\.41 +0\.6 +0 +pass$/);
    assert.equal(lines[1]!.indexOf('candidate'), lines[2]!.indexOf('0.81'), 'columns line up');
    assert.match(describeFailure(result), /^auc 0\.81 is not >= 0\.825 \(baseline 0\.82 models:\/tabled@champion \(version 1, run [0-9a-f]{32}\) \+ margin 0\.005\)$/);
  });
});
