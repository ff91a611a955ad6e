// The Runs tree on examples/churn after one `mlops run`: churn -> pipeline run -> stage runs -> metrics.
import * as assert from 'node:assert/strict';
import type { RunsTreeElement } from '../../../src/vscode/trees/runsTree';
import { rowsOf, waitFor, workbenchApi, type Row } from './workbenchApi';
import type { WorkbenchApi } from '../../../src/extension';

const stages = ['prepare', 'train', 'evaluate'];

suite('Runs tree', () => {
  let api: WorkbenchApi;
  let experiments: Row<RunsTreeElement>[];

  suiteSetup(async () => {
    api = await workbenchApi();
    experiments = await waitFor('the Runs tree to list an experiment', async () => {
      const rows = await rowsOf(api.runsTree);
      return rows.length > 0 ? rows : undefined;
    });
  });

  const churn = (): Row<RunsTreeElement> => {
    const row = experiments.find((r) => r.label === 'churn');
    assert.ok(row, `root rows: ${experiments.map((r) => r.label).join(', ')}`);
    return row;
  };
  const runRows = async (parent: RunsTreeElement): Promise<Row<RunsTreeElement>[]> =>
    (await rowsOf(api.runsTree, parent)).filter((row) => row.item.contextValue === 'run');
  const pipelineRun = async (): Promise<Row<RunsTreeElement>> => {
    const runs = await runRows(churn().element);
    assert.ok(runs.length > 0, 'no run under experiment churn');
    return runs[0];
  };
  const stageRun = async (stage: string): Promise<Row<RunsTreeElement>> => {
    const runs = await runRows((await pipelineRun()).element);
    const row = runs.find((r) => new RegExp(`\\b${stage}\\b`).test(r.label));
    assert.ok(row, `no ${stage} run under the pipeline run; runs: ${runs.map((r) => r.label).join(', ')}`);
    return row;
  };

  test('shows the experiment churn at the root', () => {
    churn();
  });

  test('holds a pipeline run under churn', async () => {
    const run = await pipelineRun();
    assert.notEqual(run.item.collapsibleState, undefined);
    assert.ok((await rowsOf(api.runsTree, run.element)).length > 0, `pipeline run ${run.label} has no children`);
  });

  test('the pipeline run holds the stage runs prepare, train, evaluate in the order they ran', async () => {
    const labels = (await runRows((await pipelineRun()).element)).map((row) => row.label);
    const order = stages.map((stage) => labels.findIndex((label) => new RegExp(`\\b${stage}\\b`).test(label)));
    assert.ok(order.every((index) => index >= 0), `stage runs: ${labels.join(', ')}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, `stage runs out of order: ${labels.join(', ')}`);
  });

  test('the train run shows its metrics auc and loss with values', async () => {
    const children = await rowsOf(api.runsTree, (await stageRun('train')).element);
    const metricsGroup = children.find((row) => row.item.contextValue === 'metrics');
    assert.ok(metricsGroup, `train run children: ${children.map((r) => r.label).join(', ')}`);
    const metrics = (await rowsOf(api.runsTree, metricsGroup.element)).map((row) => row.label);
    for (const key of ['auc', 'loss']) {
      assert.ok(metrics.some((label) => new RegExp(`^${key}\\s+-?\\d`).test(label)), `no ${key} with a value in: ${metrics.join(' | ')}`);
    }
  });
});
