// Run actions inside the real extension host, writing to the workspace's embedded store while the
// views read snapshots of it: delete and restore (the store opened writable for the write, as
// nobody owns it), Register Model from Run (an artifact path and a logged model), Copy Run ID; and
// live updates, which redraw the running run alone, never the whole tree.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { CommandId } from '../../../src/vscode/commands/commandIds';
import type { RegisterOutcome, WriteOutcome } from '../../../src/vscode/runs/runActions';
import { commitScheme, type CommitOutcome } from '../../../src/vscode/runs/runCommit';
import type { RunsTreeElement } from '../../../src/vscode/trees/runsTree';
import { seedRuns } from '../../fixtures/runsSeed';
import { rowsOf, waitFor, workbenchApi, type Row } from './workbenchApi';

const t0 = Date.UTC(2026, 10, 21);

suite('Runs tree: run actions', function () {
  this.timeout(120_000);
  let api: WorkbenchApi;
  let storeDir = '';
  let ids = new Map<string, string>();
  let modelId = '';

  const experimentRow = async (name: string): Promise<Row<RunsTreeElement>> => {
    const rows = await rowsOf(api.runsTree);
    const row = rows.find((r) => r.label === name);
    assert.ok(row, `no experiment ${name}: ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };
  const runRows = async (name: string): Promise<Row<RunsTreeElement>[]> => (await rowsOf(api.runsTree, (await experimentRow(name)).element)).filter((row) => row.element.kind === 'run');
  const labels = async (name: string): Promise<string[]> => (await runRows(name)).map((row) => row.label);
  const writable = async <T>(write: (store: Awaited<ReturnType<typeof openEmbeddedStore>>) => Promise<T>): Promise<T> => {
    const store = await openEmbeddedStore(storeDir);
    try {
      return await write(store);
    } finally {
      await store.close();
    }
  };

  suiteSetup(async () => {
    api = await workbenchApi();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'no workspace folder');
    storeDir = path.join(folder, '.mlops');
    await waitFor('the Runs tree to list churn', async () => ((await rowsOf(api.runsTree)).some((row) => row.label === 'churn') ? true : undefined));
    await writable(async (store) => {
      const experimentId = await store.createExperiment('runs-actions');
      ids = await seedRuns(store, experimentId, [
        { name: 'keep', start: t0, metrics: { auc: 0.8 } },
        { name: 'drop-1', start: t0 + 1000 },
        { name: 'drop-2', start: t0 + 2000 },
        { name: 'model-maker', start: t0 + 3000, metrics: { auc: 0.9 } },
      ], 1);
      const maker = await store.getRun(ids.get('model-maker')!);
      const artifacts = fileURLToPath(maker.info.artifactUri);
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(path.join(artifacts, 'model.json'), '{"weights": [1, 2, 3]}\n');
      const logged = await store.createLoggedModel({ experimentId, name: 'maker-model', sourceRunId: maker.info.runId });
      modelId = logged.modelId;
      await store.finalizeLoggedModel(modelId, 'READY');
      await store.logOutputs(maker.info.runId, [{ modelId, step: 0 }]);
    });
    await waitFor('runs-actions in the Runs tree', async () => ((await rowsOf(api.runsTree)).some((row) => row.label === 'runs-actions') ? true : undefined));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandId.clearRunsSearch);
  });

  test('deletes two runs after confirmation, shows them with the deleted runs, and restores one', async () => {
    const drop = [ids.get('drop-1')!, ids.get('drop-2')!];
    const deleted = await vscode.commands.executeCommand<WriteOutcome>(CommandId.deleteRuns, { runIds: drop, confirmed: true });
    assert.deepEqual(deleted, { ok: true, runIds: drop });
    assert.deepEqual(await labels('runs-actions'), ['model-maker', 'keep']);

    assert.equal(await vscode.commands.executeCommand(CommandId.toggleDeletedRuns), true);
    const withDeleted = await runRows('runs-actions');
    const dropped = withDeleted.filter((row) => row.item.contextValue === 'deletedRun').map((row) => row.label);
    assert.deepEqual(dropped, ['drop-2', 'drop-1']);
    assert.match(String(withDeleted.find((row) => row.label === 'drop-1')!.item.description), /^deleted · /);

    const restored = await vscode.commands.executeCommand<WriteOutcome>(CommandId.restoreRuns, { runIds: [drop[0]], confirmed: true });
    assert.deepEqual(restored, { ok: true, runIds: [drop[0]] });
    assert.equal(await vscode.commands.executeCommand(CommandId.toggleDeletedRuns), false);
    assert.deepEqual(await labels('runs-actions'), ['model-maker', 'drop-1', 'keep']);
    const stored = await writable((store) => store.getRun(drop[1]!));
    assert.equal(stored.info.lifecycleStage, 'deleted', 'the store holds the deletion');
  });

  test('Restore leaves runs that are not deleted alone, and says so', async () => {
    const outcome = await vscode.commands.executeCommand<WriteOutcome>(CommandId.restoreRuns, { runIds: [ids.get('keep')!], confirmed: true });
    assert.equal(outcome.ok, false);
  });

  test('Register Model from Run creates a version from an artifact file, then one from the logged model', async () => {
    const maker = ids.get('model-maker')!;
    const fromArtifact = await vscode.commands.executeCommand<RegisterOutcome>(CommandId.registerModelFromRun, { runIds: [maker] }, { artifact: 'model.json', model: 'runs-view-model' });
    assert.ok(fromArtifact.ok, JSON.stringify(fromArtifact));
    assert.equal(fromArtifact.version.version, '1');
    assert.equal(fromArtifact.version.runId, maker);
    assert.match(fromArtifact.version.source, /\/model\.json$/);

    const fromModel = await vscode.commands.executeCommand<RegisterOutcome>(CommandId.registerModelFromRun, { runIds: [maker] }, { loggedModel: modelId, model: 'runs-view-model' });
    assert.ok(fromModel.ok, JSON.stringify(fromModel));
    assert.equal(fromModel.version.version, '2');
    assert.equal(fromModel.version.source, `models:/${modelId}`);

    const versions = await writable((store) => store.searchModelVersions({ name: 'runs-view-model' }));
    assert.deepEqual(versions.map((v) => v.version).sort(), ['1', '2']);
    await waitFor('the Models tree to show runs-view-model', async () => ((await rowsOf(api.modelsTree)).some((row) => row.label === 'runs-view-model') ? true : undefined));
  });

  test("lists the run's outputs and artifacts when expanded", async () => {
    const maker = (await runRows('runs-actions')).find((row) => row.label === 'model-maker')!;
    const groups = await rowsOf(api.runsTree, maker.element);
    const outputs = groups.find((row) => row.label === 'Outputs');
    assert.ok(outputs, groups.map((row) => row.label).join(', '));
    assert.deepEqual((await rowsOf(api.runsTree, outputs.element)).map((row) => `${row.label} ${row.item.description}`), [`maker-model ${modelId} · ready`]);
    const artifacts = groups.find((row) => row.label === 'Artifacts')!;
    const files = await rowsOf(api.runsTree, artifacts.element);
    assert.deepEqual(files.map((row) => `${row.label} ${row.item.description}`), ['model.json 23 B']);
    assert.equal(files[0]!.item.command?.command, 'vscode.open');
  });

  test('Copy Run ID puts the selected runs\' ids on the clipboard, one per line', async () => {
    const runIds = [ids.get('keep')!, ids.get('model-maker')!];
    const copied = await vscode.commands.executeCommand<string>(CommandId.copyRunId, { runIds });
    assert.equal(copied, runIds.join('\n'));
    assert.equal(await vscode.env.clipboard.readText(), copied);
    assert.equal(await vscode.commands.executeCommand<string>(CommandId.copyRunUri, { runIds: [runIds[0]] }), `runs:/${runIds[0]}`);
  });

  test("Open Run's Commit diffs the run's commit against the working tree; Checkout Run's Commit checks it out", async () => {
    const folder = path.dirname(storeDir);
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=Runs Test', '-c', 'user.email=runs@example.com', ...args], { cwd: folder, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    // The example's .gitignore keeps .mlops/ and the stages' outputs out.
    git('add', '-A');
    git('commit', '-q', '-m', 'the commit a run ran at');
    const commit = git('rev-parse', 'HEAD');
    const runId = await writable(async (store) => {
      const experimentId = (await store.getExperimentByName('runs-actions'))!.experimentId;
      return (await store.createRun({ experimentId, runName: 'at-commit', startTime: t0 + 9000, tags: { 'mlflow.source.git.commit': commit } })).runId;
    });
    await waitFor('the run at the commit in the Runs tree', async () => ((await labels('runs-actions')).includes('at-commit') ? true : undefined));
    const params = path.join(folder, 'params.yaml');
    const original = readFileSync(params, 'utf8');
    writeFileSync(params, `${original}# tuned by hand\n`);
    try {
      const opened = await vscode.commands.executeCommand<CommitOutcome>(CommandId.openRunCommit, { runIds: [runId] });
      assert.deepEqual(opened, { ok: true, commit, files: ['params.yaml'] });
      const atCommit = vscode.Uri.from({ scheme: commitScheme, path: '/params.yaml', query: JSON.stringify({ root: git('rev-parse', '--show-toplevel'), commit, path: 'params.yaml' }) });
      assert.equal((await vscode.workspace.openTextDocument(atCommit)).getText(), original);

      const checkedOut = await vscode.commands.executeCommand<CommitOutcome>(CommandId.checkoutRunCommit, { runIds: [runId], confirmed: true });
      assert.deepEqual(checkedOut, { ok: true, commit, files: [] });
      assert.equal(git('rev-parse', 'HEAD'), commit);
      assert.throws(() => git('symbolic-ref', '-q', 'HEAD'), 'HEAD is detached');
      assert.equal(readFileSync(params, 'utf8'), `${original}# tuned by hand\n`, 'the local change is kept');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      writeFileSync(params, original);
      git('checkout', '-q', 'main');
    }
  });

  test('a running run that logs a metric is redrawn in place; the tree is never redrawn whole', async () => {
    const runId = await writable(async (store) => {
      const experimentId = await store.createExperiment('runs-live');
      return (await store.createRun({ experimentId, runName: 'training', startTime: Date.now() })).runId;
    });
    await waitFor('runs-live in the Runs tree', async () => ((await rowsOf(api.runsTree)).some((row) => row.label === 'runs-live') ? true : undefined));
    const [training] = await runRows('runs-live');
    assert.equal(training!.label, 'training');
    assert.equal((training!.item.iconPath as vscode.ThemeIcon).id, 'sync~spin');
    await api.runsTree.whenIdle();

    const fired: (RunsTreeElement | RunsTreeElement[] | undefined | null | void)[] = [];
    const listening = api.runsTree.onDidChangeTreeData((change) => fired.push(change));
    try {
      for (const [step, auc] of [[1, 0.61], [2, 0.72]] as const) {
        await writable((store) => store.logBatch(runId, { metrics: [{ key: 'auc', value: auc, timestamp: Date.now(), step }] }));
        await waitFor(`auc ${auc} on the training row`, async () => {
          const [row] = await runRows('runs-live');
          return String(row!.item.description).endsWith(`auc ${auc}`) ? true : undefined;
        });
      }
    } finally {
      listening.dispose();
    }
    const live = (await experimentRow('runs-live')).element;
    for (const change of fired) {
      assert.ok(Array.isArray(change) && change.length > 0, `a whole-tree redraw: ${String(change)}`);
      assert.ok(!change.includes(live), 'the whole experiment runs-live was redrawn');
    }
    const redrawn = fired.flatMap((change) => (Array.isArray(change) ? change : []));
    assert.ok(redrawn.includes(training!.element), 'the training row was never redrawn');
  });
});
