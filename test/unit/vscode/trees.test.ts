// The Runs and Models trees' elements and the run panel's data, read from a real embedded store
// through a read-only snapshot, as the extension reads it while `mlops run` writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import type { Run, TrackingStore } from '../../../src/core/store/types';
import { loadRunPanelRun } from '../../../src/vscode/panels/runPanelData';
import { modelDescription, modelsChildren, versionDescription } from '../../../src/vscode/trees/modelsTreeData';
import { runTag } from '../../../src/core/pipeline/runTags';
import { keyMetricOf, metricLabel, paramLabel, runNameOf } from '../../../src/vscode/trees/runLabels';
import { RunsTreeData, type RunElement, type RunsTreeElement } from '../../../src/vscode/trees/runsTreeData';
import { tempStoreDir } from '../../fixtures/store/tempStore';

const t0 = Date.UTC(2026, 10, 26, 10, 31);
const minute = 60_000;

/** One `mlops run` as the runner records it: a pipeline run and a child run per stage. */
async function recordPipelineRun(store: TrackingStore, experimentId: string, start: number, auc: number): Promise<string> {
  const parent = await store.createRun({ experimentId, runName: `pipeline ${start}`, startTime: start, tags: { [runTag.pipelineRun]: 'true' } });
  for (const [index, stage] of ['prepare', 'train', 'evaluate'].entries()) {
    const stageStart = start + index * minute;
    const run = await store.createRun({ experimentId, runName: stage, startTime: stageStart, tags: { [runTag.parentRunId]: parent.runId, [runTag.stage]: stage } });
    if (stage === 'train') {
      await store.logBatch(run.runId, {
        params: [{ key: 'lr', value: '0.1' }, { key: 'epochs', value: '30' }],
        metrics: Array.from({ length: 30 }, (_, step) => [
          { key: 'auc', value: auc - (29 - step) / 100, timestamp: stageStart + step, step },
          { key: 'loss', value: 1 / (step + 1), timestamp: stageStart + step, step },
        ]).flat(),
      });
    }
    if (stage === 'evaluate') await store.logBatch(run.runId, { metrics: [{ key: 'auc', value: auc, timestamp: stageStart, step: 0 }, { key: 'brier', value: NaN, timestamp: stageStart, step: 0 }] });
    await store.updateRun(run.runId, { status: 'FINISHED', endTime: stageStart + 30_000 });
  }
  await store.updateRun(parent.runId, { status: 'FINISHED', endTime: start + 3 * minute });
  return parent.runId;
}

describe('trees over a store snapshot', () => {
  const { dir, cleanup } = tempStoreDir();
  let snapshot: TrackingStore;
  let newestPipelineRunId = '';

  before(async () => {
    const writer = await openEmbeddedStore(dir);
    const experimentId = await writer.createExperiment('churn');
    await writer.createExperiment('empty');
    await recordPipelineRun(writer, experimentId, t0, 0.81);
    newestPipelineRunId = await recordPipelineRun(writer, experimentId, t0 + 60 * minute, 0.8312);
    const deleted = await writer.createRun({ experimentId, runName: 'deleted', startTime: t0 + 120 * minute });
    await writer.deleteRun(deleted.runId);

    await writer.createRegisteredModel('churn');
    for (let i = 0; i < 3; i++) await writer.createModelVersion({ name: 'churn', source: 'models/model.json', runId: newestPipelineRunId });
    await writer.setRegisteredModelAlias('churn', 'champion', '2');
    await writer.setRegisteredModelAlias('churn', 'challenger', '3');
    await writer.transitionModelVersionStage('churn', '2', 'Production');
    // The writer stays open, holding the lock, as `mlops run` would; the snapshot reads beside it.
    snapshot = await openEmbeddedStore(dir, { readOnly: true });
    await writer.close();
  });

  after(async () => {
    await snapshot.close();
    cleanup();
  });

  const children = (data: RunsTreeData, element?: RunsTreeElement): Promise<RunsTreeElement[]> => data.children(snapshot, element);
  const asRun = (element: RunsTreeElement | undefined): RunElement => {
    assert.equal(element?.kind, 'run');
    return element as RunElement;
  };

  it('lists experiments that hold runs, hiding empty ones such as Default', async () => {
    const roots = await children(new RunsTreeData());
    assert.deepEqual(roots.map((e) => (e.kind === 'experiment' ? e.experiment.name : e.kind)), ['churn']);
  });

  it('lists the pipeline runs newest first, each with its stage runs in the order they ran', async () => {
    const data = new RunsTreeData();
    const [churn] = await children(data);
    const runs = (await children(data, churn)).map(asRun);
    assert.equal(runs.length, 2, 'two pipeline runs; the deleted run and the stage runs are not top-level');
    assert.equal(runs[0]!.run.info.runId, newestPipelineRunId);
    assert.ok(runs[0]!.run.info.startTime > runs[1]!.run.info.startTime);
    for (const run of runs) assert.deepEqual(run.stageRuns.map(runNameOf), ['prepare', 'train', 'evaluate']);
    const underPipeline = await children(data, runs[0]);
    assert.deepEqual(underPipeline.map((e) => (e.kind === 'run' ? runNameOf(e.run) : e.kind)), ['prepare', 'train', 'evaluate', 'tags', 'artifacts']);
  });

  it('shows a stage run\'s Parameters and latest Metrics', async () => {
    const data = new RunsTreeData();
    const [churn] = await children(data);
    const [pipeline] = await children(data, churn);
    const train = (await children(data, pipeline)).filter((e) => e.kind === 'run').map(asRun).find((e) => runNameOf(e.run) === 'train');
    const groups = await children(data, train);
    assert.deepEqual(groups.map((e) => e.kind), ['params', 'metrics', 'tags', 'artifacts']);

    const params = await children(data, groups[0]);
    assert.deepEqual(params.map((e) => (e.kind === 'param' ? paramLabel(e.key, e.value) : e.kind)), ['epochs = 30', 'lr = 0.1']);
    const metrics = await children(data, groups[1]);
    assert.deepEqual(metrics.map((e) => (e.kind === 'metric' ? metricLabel(e.metric) : e.kind)), ['auc  0.8312  (step 29)', 'loss  0.0333  (step 29)']);
    assert.deepEqual(await children(data, metrics[0]), []);
  });

  it('summarises a pipeline run by the key metric of its last stage that logged it', async () => {
    const data = new RunsTreeData();
    const [churn] = await children(data);
    const [pipeline] = (await children(data, churn)).map(asRun);
    const auc = keyMetricOf(pipeline!.run, pipeline!.stageRuns, 'auc');
    assert.equal(auc?.value, 0.8312);
    assert.equal(auc?.step, 0, 'from evaluate, which ran after train');
    // No f1 anywhere: the first metric by name of the last stage that logged metrics (evaluate).
    assert.deepEqual(keyMetricOf(pipeline!.run, pipeline!.stageRuns, 'f1'), auc);
  });

  it('lists registered models, their versions newest first with aliases and stage', async () => {
    const [model] = await modelsChildren(snapshot);
    assert.equal(model?.kind, 'model');
    assert.equal(modelDescription(model.model), '@challenger v3 · @champion v2');
    const versions = await modelsChildren(snapshot, model);
    const shown = versions.map((e) => (e.kind === 'version' ? `Version ${e.version.version}: ${versionDescription(e.version)}` : e.kind));
    assert.deepEqual(shown, ['Version 3: @challenger', 'Version 2: @champion · Production', 'Version 1: ']);
    assert.deepEqual(await modelsChildren(snapshot, versions[0]), []);
  });

  it('gives the run panel a stage run with its pipeline run, params and metrics as text', async () => {
    const runs = await snapshot.searchRuns({ experimentIds: [(await snapshot.getExperimentByName('churn'))!.experimentId] });
    const evaluate = runs.items.find((run: Run) => run.info.runName === 'evaluate' && run.data.tags[runTag.parentRunId] === newestPipelineRunId);
    assert.ok(evaluate);
    const shown = await loadRunPanelRun(snapshot, evaluate.info.runId, Date.now());
    assert.equal(shown.experimentName, 'churn');
    assert.equal(shown.stage, 'evaluate');
    assert.equal(shown.status, 'FINISHED');
    assert.equal(shown.duration, '30s');
    assert.equal(shown.parent?.runId, newestPipelineRunId);
    assert.match(shown.parent?.runName ?? '', /^pipeline /);
    assert.deepEqual(shown.metrics.map((m) => [m.key, m.value, m.step]), [['auc', '0.8312', 0], ['brier', 'NaN', 0]]);
    assert.deepEqual(shown.params, []);
    // It crosses a JSON boundary to the webview unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(shown)), shown);
  });
});
