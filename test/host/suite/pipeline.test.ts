// Running the pipeline from the editor, on examples/churn after one `mlops run` (the harness's):
// the Pipeline view's states, Run Pipeline and Run Stage through their commands (the bundled CLI as
// a child process), the Runs view following, and the `mlops` tasks. The suite leaves the workspace
// as it found it: params restored and a last full run, so the suites after it see a whole pipeline run.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';
import type { RunOutcome } from '../../../src/vscode/pipeline/runOutcome';
import type { RunsTreeElement } from '../../../src/vscode/trees/runsTree';
import { rowsOf, waitFor, workbenchApi } from './workbenchApi';

const stages = ['prepare', 'train', 'evaluate'];

suite('Pipeline', () => {
  let api: WorkbenchApi;
  let params: string;
  let original: string;

  suiteSetup(async () => {
    api = await workbenchApi();
    const [config] = await vscode.workspace.findFiles('mlops.yaml');
    assert.ok(config, 'no mlops.yaml in the workspace');
    params = path.join(path.dirname(config.fsPath), 'params.yaml');
    original = readFileSync(params, 'utf8');
  });

  suiteTeardown(async () => {
    if (readFileSync(params, 'utf8') !== original) writeFileSync(params, original);
  });

  /** Each stage row as `name: description`, in the view's order. */
  const pipelineRows = async (): Promise<string[]> => (await rowsOf(api.pipelines.tree)).map((row) => `${row.label}: ${String(row.item.description ?? '')}`);
  const waitForRows = (what: string, expected: (string | RegExp)[]): Promise<string[]> =>
    waitFor(`the Pipeline view to show ${what}`, async () => {
      const rows = await pipelineRows();
      return rows.length === expected.length && rows.every((row, i) => (typeof expected[i] === 'string' ? row === expected[i] : (expected[i] as RegExp).test(row))) ? rows : undefined;
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}\nrows now: ${JSON.stringify(await pipelineRows())}`);
    });
  const allUpToDate = stages.map((stage) => `${stage}: up to date`);

  /**
   * The pipeline run's row in the Runs view once it holds these stage runs: the view reads a snapshot
   * of the store, reloaded a moment after the CLI's last write.
   */
  const pipelineRunRow = (runId: string, stageRuns: string[]): Promise<RunsTreeElement> =>
    waitFor(`the Runs view to show pipeline run ${runId} with stage runs ${stageRuns.join(', ')}`, async () => {
      const churn = (await rowsOf(api.runsTree)).find((row) => row.label === 'churn');
      if (!churn) return undefined;
      const run = (await rowsOf(api.runsTree, churn.element)).find((row) => row.element.kind === 'run' && row.element.run.info.runId === runId);
      if (!run || run.element.kind !== 'run') return undefined;
      return run.element.stageRuns.map((r) => r.info.runName).join() === stageRuns.join() ? run.element : undefined;
    });

  test('the Pipeline view lists every stage in execution order, up to date after the first run', async () => {
    await waitForRows('every stage up to date', allUpToDate);
    const rows = await rowsOf(api.pipelines.tree);
    assert.deepEqual(rows.map((row) => row.item.contextValue), ['stage', 'stage', 'stage']);
    assert.match(String(rows[1]!.item.tooltip), /cmd: python3 src\/train\.py/);
  });

  test('Run Pipeline runs mlops run: its pipeline run shows in the Runs view, each stage recorded as cached', async () => {
    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runPipeline');
    assert.ok(outcome, 'Run Pipeline ran nothing');
    assert.equal(outcome.exitCode, 0, JSON.stringify(outcome));
    assert.equal(outcome.status, 'FINISHED');
    assert.deepEqual(outcome.stages, { prepare: 'cached', train: 'cached', evaluate: 'cached' });
    await pipelineRunRow(outcome.runId!, stages);
    await waitForRows('every stage up to date', allUpToDate);
    assert.ok(vscode.window.terminals.some((terminal) => terminal.name === 'MLOps Pipeline'), `terminals: ${vscode.window.terminals.map((t) => t.name).join(', ')}`);
  });

  test('a params change: the view says why train and evaluate will run; Run Stage train re-runs train only', async () => {
    writeFileSync(params, original.replace(/lr: 0\.5/, 'lr: 0.25'));
    await waitForRows('train and evaluate out of date', ['prepare: up to date', 'train: will run: params changed: train.lr 0.5 → 0.25', 'evaluate: will run: upstream stage train will run']);

    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runStage', 'train');
    assert.ok(outcome, 'Run Stage ran nothing');
    assert.equal(outcome.exitCode, 0, JSON.stringify(outcome));
    assert.deepEqual(outcome.stages, { train: 'finished' });
    const run = await pipelineRunRow(outcome.runId!, ['train']);
    const train = (await rowsOf(api.runsTree, run)).find((row) => row.element.kind === 'run');
    assert.ok(train && train.element.kind === 'run');
    assert.equal(train.element.run.data.params['train.lr'], '0.25');
    assert.equal(train.element.run.data.tags['mlops.cached_from'], undefined, 'train was recorded as cached, not run');
    await waitForRows('train up to date, evaluate out of date', ['prepare: up to date', 'train: up to date', /^evaluate: will run: deps changed: models\/model\.json$/]);
  });

  test('the mlops task provider offers the pipeline and each stage under Run Task', async () => {
    const names = (await vscode.tasks.fetchTasks({ type: 'mlops' })).map((task) => task.name);
    for (const name of ['run pipeline', 'run stage prepare', 'run stage train', 'run stage evaluate', 'run train and downstream']) assert.ok(names.includes(name), `tasks: ${names.join(', ')}`);
  });

  test('running the task of stage evaluate brings it up to date, and the task ends with exit code 0', async () => {
    const task = (await vscode.tasks.fetchTasks({ type: 'mlops' })).find((t) => t.name === 'run stage evaluate');
    assert.ok(task);
    const ended = new Promise<number | undefined>((resolve) => {
      const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.name !== task.name) return;
        subscription.dispose();
        resolve(event.exitCode);
      });
    });
    const outcome = new Promise<RunOutcome>((resolve) => {
      const subscription = api.pipelines.runs.onDidEnd((o) => {
        subscription.dispose();
        resolve(o);
      });
    });
    await vscode.tasks.executeTask(task);
    const result = await outcome;
    assert.equal(result.exitCode, 0, JSON.stringify(result));
    assert.deepEqual(result.stages, { evaluate: 'finished' });
    assert.equal(await ended, 0);
    await waitForRows('every stage up to date', allUpToDate);
  });

  test('with the params restored, Run Pipeline re-runs from train and leaves every stage up to date', async () => {
    writeFileSync(params, original);
    await waitForRows('train out of date', ['prepare: up to date', 'train: will run: params changed: train.lr 0.25 → 0.5', /^evaluate: will run: upstream stage train will run$/]);
    const outcome = await vscode.commands.executeCommand<RunOutcome>('mlops.runPipeline');
    assert.equal(outcome?.exitCode, 0, JSON.stringify(outcome));
    assert.equal(outcome.stages.prepare, 'cached');
    assert.equal(outcome.stages.train, 'finished');
    await pipelineRunRow(outcome.runId!, stages);
    await waitForRows('every stage up to date', allUpToDate);
  });
});
