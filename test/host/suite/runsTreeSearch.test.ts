// The Runs view's search inside the real extension host: rows of a seeded store (status icon, key
// metric, escaped tooltip), a filter with OR and parentheses, an invalid filter refused at its
// column, sorting, paging 450 runs by 200 with "Load more runs…", and the same OR filter on a real
// MLflow server, which has no OR (split into several MLflow searches and merged).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import type { SwitchOutcome } from '../../../src/vscode/backend/backendSwitcher';
import { CommandId } from '../../../src/vscode/commands/commandIds';
import type { SearchOutcome } from '../../../src/vscode/runs/runActions';
import type { RunsTreeElement } from '../../../src/vscode/trees/runsTree';
import { seedRuns, type SeedRun } from '../../fixtures/runsSeed';
import { MlflowRest } from './mlflowRest';
import { rowsOf, waitFor, workbenchApi, type Row } from './workbenchApi';

const t0 = Date.UTC(2026, 10, 20);
const filter = (text: string): Thenable<SearchOutcome> => vscode.commands.executeCommand<SearchOutcome>(CommandId.filterRuns, text);
const sort = (orderBy: string[]): Thenable<SearchOutcome> => vscode.commands.executeCommand<SearchOutcome>(CommandId.sortRuns, orderBy);
const clear = (): Thenable<SearchOutcome> => vscode.commands.executeCommand<SearchOutcome>(CommandId.clearRunsSearch);

/** Runs whose params and metrics make the OR filters below pick known names. */
const searchRuns: SeedRun[] = [
  { name: 'adam-good', start: t0, params: { opt: 'adam', lr: '0.1' }, metrics: { auc: 0.91, loss: 0.2 } },
  { name: 'adam-bad', start: t0 + 1000, params: { opt: 'adam', lr: '0.01' }, metrics: { auc: 0.61, loss: 0.9 } },
  { name: 'sgd-good', start: t0 + 2000, params: { opt: 'sgd', lr: '0.1' }, metrics: { auc: 0.88, loss: 0.3 }, status: 'FAILED' },
  { name: 'sgd-bad', start: t0 + 3000, params: { opt: 'sgd', lr: '0.01' }, metrics: { auc: 0.55, loss: 0.8 } },
  { name: '[click](command:workbench.action.quit) <img src=x>', start: t0 + 4000, params: { note: '**bold** <script>alert(1)</script>' }, metrics: { auc: 0.5 } },
];
const orFilter = "(params.opt = 'adam' AND metrics.auc > 0.9) OR (params.opt = 'sgd' AND params.lr = '0.01') OR attributes.status = 'FAILED'";
const orMatches = ['sgd-bad', 'sgd-good', 'adam-good'];

suite('Runs tree: search and paging', function () {
  this.timeout(120_000);
  let api: WorkbenchApi;

  const experimentRow = async (name: string): Promise<Row<RunsTreeElement>> => {
    const rows = await rowsOf(api.runsTree);
    const row = rows.find((r) => r.label === name);
    assert.ok(row, `no experiment ${name}: ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };
  const rowsUnder = async (name: string): Promise<Row<RunsTreeElement>[]> => rowsOf(api.runsTree, (await experimentRow(name)).element);
  const runLabels = async (name: string): Promise<string[]> => (await rowsUnder(name)).filter((row) => row.element.kind === 'run').map((row) => row.label);

  suiteSetup(async () => {
    api = await workbenchApi();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'no workspace folder');
    await waitFor('the Runs tree to list churn', async () => ((await rowsOf(api.runsTree)).some((row) => row.label === 'churn') ? true : undefined));
    // Nothing owns the store between suites: open it writable for the seeding, as `mlops` would.
    const store = await openEmbeddedStore(path.join(folder, '.mlops'));
    try {
      await seedRuns(store, await store.createExperiment('runs-search'), searchRuns);
      const paging = Array.from({ length: 450 }, (_, i): SeedRun => ({ name: `run-${String(i).padStart(3, '0')}`, start: t0 + i * 1000, metrics: { auc: (i % 100) / 100 }, params: { fold: String(i % 5) } }));
      await seedRuns(store, await store.createExperiment('runs-paging'), paging);
    } finally {
      await store.close();
    }
    await waitFor('the seeded experiments in the Runs tree', async () => {
      const labels = (await rowsOf(api.runsTree)).map((row) => row.label);
      return labels.includes('runs-search') && labels.includes('runs-paging') ? true : undefined;
    });
  });

  suiteTeardown(async () => {
    await clear();
  });

  test('shows each run with its status icon, start, duration and key metric, newest first', async () => {
    const rows = await rowsUnder('runs-search');
    assert.deepEqual(rows.map((row) => row.label).slice(1), ['sgd-bad', 'sgd-good', 'adam-bad', 'adam-good']);
    const sgdGood = rows.find((row) => row.label === 'sgd-good')!;
    assert.match(String(sgdGood.item.description), /^\d{4}-\d\d-\d\d \d\d:\d\d · 1s · auc 0\.88$/);
    assert.equal((sgdGood.item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(((sgdGood.item.iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id, 'testing.iconFailed');
    assert.equal((rows.find((row) => row.label === 'adam-good')!.item.iconPath as vscode.ThemeIcon).id, 'pass');
    assert.equal(sgdGood.item.contextValue, 'run');
  });

  test('a run named with Markdown and HTML shows them as text in its tooltip', async () => {
    const [hostile] = await rowsUnder('runs-search');
    assert.equal(hostile!.label, searchRuns[4]!.name, 'the label is the name as it is');
    const tooltip = hostile!.item.tooltip as vscode.MarkdownString;
    assert.ok(tooltip instanceof vscode.MarkdownString, 'a Markdown tooltip');
    assert.ok(!tooltip.isTrusted && !tooltip.supportHtml, 'untrusted, without HTML');
    assert.doesNotMatch(tooltip.value, /\[click\]\(command:/, 'no link forms from the name');
    assert.doesNotMatch(tooltip.value, /\*\*bold\*\*/, 'no bold from the param');
    assert.ok(tooltip.value.includes('click') && tooltip.value.includes('script'), tooltip.value);
  });

  test('expanding a run shows its params, latest metrics with their step, and tags', async () => {
    const adam = (await rowsUnder('runs-search')).find((row) => row.label === 'adam-good')!;
    const groups = await rowsOf(api.runsTree, adam.element);
    assert.deepEqual(groups.map((row) => `${row.label} ${row.item.description ?? ''}`.trim()), ['Parameters 2', 'Metrics 2', 'Tags 1', 'Artifacts']);
    assert.deepEqual((await rowsOf(api.runsTree, groups[0]!.element)).map((row) => row.label), ['lr = 0.1', 'opt = adam']);
    assert.deepEqual((await rowsOf(api.runsTree, groups[1]!.element)).map((row) => row.label), ['auc  0.91  (step 0)', 'loss  0.2  (step 0)']);
    assert.deepEqual((await rowsOf(api.runsTree, groups[2]!.element)).map((row) => row.label), ['mlflow.runName = adam-good']);
  });

  test('filters with OR and parentheses, beyond what MLflow accepts', async () => {
    assert.deepEqual(await filter(orFilter), { ok: true, filter: orFilter, orderBy: [] });
    assert.deepEqual(await runLabels('runs-search'), orMatches);
    assert.deepEqual(await runLabels('runs-paging'), [], 'no run of runs-paging has opt');
    assert.match((await rowsUnder('runs-paging'))[0]!.label, /^No runs match the filter$/);
  });

  test('refuses an invalid filter, naming its column with a caret, and keeps the filter it had', async () => {
    const outcome = await filter("params.opt = 'adam' AND metrics.auc >= high");
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.position, 39);
    assert.equal(!outcome.ok && outcome.message, "Column 40: Expected a number for metric 'auc', found 'high' · params.opt = 'adam' AND metrics.auc >= ▶high");
    assert.deepEqual(await runLabels('runs-search'), orMatches, 'the previous filter still applies');
    const unclosed = await filter("(params.opt = 'adam'");
    assert.equal(!unclosed.ok && unclosed.position, 20);
  });

  test('sorts by a metric, either way, runs without it last', async () => {
    await clear();
    assert.equal((await sort(['metrics.auc DESC'])).ok, true);
    assert.deepEqual(await runLabels('runs-search'), ['adam-good', 'sgd-good', 'adam-bad', 'sgd-bad', searchRuns[4]!.name]);
    await sort(['metrics.auc ASC']);
    assert.deepEqual((await runLabels('runs-search'))[0], searchRuns[4]!.name);
    const invalid = await sort(['metrics.auc SIDEWAYS']);
    assert.equal(invalid.ok, false);
  });

  test('shows the first 200 of 450 runs and loads the rest 200 at a time', async () => {
    await clear();
    const loadMore = async (): Promise<Row<RunsTreeElement> | undefined> => (await rowsUnder('runs-paging')).find((row) => row.item.contextValue === 'loadMore');
    let rows = await rowsUnder('runs-paging');
    assert.equal(rows.length, 201);
    assert.equal(rows[0]!.label, 'run-449');
    assert.match(String(rows[0]!.item.description), /auc 0\.49$/);
    for (const loaded of [200, 400]) {
      const row = await loadMore();
      assert.ok(row, `no load-more row after ${loaded} runs`);
      assert.equal(row.label, 'Load more runs…');
      assert.equal(row.item.description, `${loaded} loaded`);
      // What a click on the row does.
      await vscode.commands.executeCommand(row.item.command!.command, ...(row.item.command!.arguments ?? []));
    }
    rows = await rowsUnder('runs-paging');
    assert.equal(rows.length, 450);
    assert.equal(await loadMore(), undefined);
    assert.deepEqual([rows[0]!.label, rows[449]!.label], ['run-449', 'run-000']);
  });

  test('filters with OR on a real MLflow server, which has none, through several searches merged', async () => {
    const url = process.env.MLOPS_TEST_MLFLOW_URL;
    assert.ok(url, `The real MLflow server for this test is missing: ${process.env.MLOPS_TEST_MLFLOW_PROBLEM ?? 'run the suite through npm run test:host'}`);
    const rest = new MlflowRest(url);
    const name = `runs-or-${Date.now()}`;
    const { experiment_id } = await rest.post<{ experiment_id: string }>('experiments/create', { name });
    for (const run of searchRuns.slice(0, 4)) {
      const created = await rest.post<{ run: { info: { run_id: string } } }>('runs/create', { experiment_id, run_name: run.name, start_time: run.start });
      const runId = created.run.info.run_id;
      await rest.post('runs/log-batch', {
        run_id: runId,
        params: Object.entries(run.params ?? {}).map(([key, value]) => ({ key, value })),
        metrics: Object.entries(run.metrics ?? {}).map(([key, value]) => ({ key, value, timestamp: run.start, step: 0 })),
      });
      await rest.post('runs/update', { run_id: runId, status: run.status ?? 'FINISHED', end_time: run.start + 1000 });
    }
    const outcome = await vscode.commands.executeCommand<SwitchOutcome>(CommandId.connectToServer, { url });
    assert.equal(outcome?.ok, true, JSON.stringify(outcome));
    try {
      assert.equal((await filter(orFilter)).ok, true);
      assert.deepEqual(await runLabels(name), orMatches);
      await sort(['metrics.auc DESC']);
      assert.deepEqual(await runLabels(name), ['adam-good', 'sgd-good', 'sgd-bad']);
    } finally {
      await clear();
      await vscode.commands.executeCommand(CommandId.useEmbeddedStore);
    }
  });
});
