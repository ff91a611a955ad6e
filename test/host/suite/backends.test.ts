// Switching the Runs view between tracking backends, inside the real extension host: a real MLflow
// server (started by the host runner, seeded here through its REST API), our own token-checking
// server (`mlops serve`), and back to the embedded store of the churn workspace.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';
import type { SwitchOutcome } from '../../../src/vscode/backend/backendSwitcher';
import { CommandId } from '../../../src/vscode/commands/commandIds';
import type { RunsTreeElement } from '../../../src/vscode/trees/runsTree';
import { MlflowRest, type SeededRun } from './mlflowRest';
import { cliOf, startTokenServer, type TokenServer } from './tokenServer';
import { rowsOf, waitFor, workbenchApi, workbenchExtension, type Row } from './workbenchApi';

/** Set by test/harness/hostMlflow.ts in the runner. */
function realMlflowUrl(): string {
  const url = process.env.MLOPS_TEST_MLFLOW_URL;
  if (url) return url;
  const why = process.env.MLOPS_TEST_MLFLOW_PROBLEM ?? 'MLOPS_TEST_MLFLOW_URL is not set: run this suite through npm run test:host (test/harness/hostMlflow.ts starts the server)';
  throw new Error(`The real MLflow server for this test is missing. ${why}`);
}

const connect = (server: { url: string; token?: string }): Thenable<SwitchOutcome | undefined> => vscode.commands.executeCommand(CommandId.connectToServer, server);
const useEmbedded = (): Thenable<SwitchOutcome> => vscode.commands.executeCommand(CommandId.useEmbeddedStore);
const host = (url: string): string => new URL(url).host;

suite('Tracking backends', function () {
  this.timeout(120_000);
  let api: WorkbenchApi;
  const experiment = `shared-${Date.now()}`;
  let seeded: SeededRun[];
  let tokenServer: TokenServer | undefined;
  let tokenStore: string | undefined;

  const rootLabels = async (): Promise<string[]> => (await rowsOf(api.runsTree)).map((row) => row.label);
  const experimentRow = async (name: string): Promise<Row<RunsTreeElement>> => {
    const row = (await rowsOf(api.runsTree)).find((r) => r.label === name);
    assert.ok(row, `no experiment ${name} at the root of the Runs tree: ${(await rootLabels()).join(', ')}`);
    return row;
  };
  const runLabels = async (name: string): Promise<string[]> => (await rowsOf(api.runsTree, (await experimentRow(name)).element)).map((row) => row.label).sort();

  suiteSetup(async () => {
    api = await workbenchApi();
    await waitFor('the embedded store to show churn', async () => ((await rootLabels()).includes('churn') ? true : undefined));
  });

  suiteTeardown(async () => {
    await tokenServer?.stop();
    if (tokenStore !== undefined) rmSync(tokenStore, { recursive: true, force: true });
    if (api.backend.current.kind !== 'embedded') await useEmbedded();
  });

  test('starts on the embedded store, and says so in the status bar', () => {
    assert.equal(api.backend.current.kind, 'embedded');
    assert.equal(api.backendStatusBar.text, '$(database) Embedded');
    assert.equal(api.backendStatusBar.command, CommandId.chooseBackend);
  });

  test('connects to a real MLflow server: the Runs tree lists its runs', async () => {
    const url = realMlflowUrl();
    seeded = await new MlflowRest(url).seedExperiment(experiment, ['baseline', 'wider', 'deeper']);
    const outcome = await connect({ url });
    assert.deepEqual(outcome, { ok: true, backend: `$(cloud) ${host(url)}` });
    assert.equal(api.backend.current.kind, 'remote');
    assert.equal(api.backendStatusBar.text, `$(cloud) ${host(url)}`);
    assert.deepEqual(await rootLabels(), [experiment], 'the server holds only the seeded experiment with runs');
    assert.deepEqual(await runLabels(experiment), seeded.map((run) => run.name).sort());
  });

  test("a run from the server shows its param and its latest metric", async () => {
    const runs = await rowsOf(api.runsTree, (await experimentRow(experiment)).element);
    const deeper = runs.find((row) => row.label === 'deeper');
    assert.ok(deeper, runs.map((r) => r.label).join(', '));
    assert.match(String(deeper.item.description), /auc 0\.722/);
    const groups = (await rowsOf(api.runsTree, deeper.element)).filter((row) => row.item.contextValue === 'params' || row.item.contextValue === 'metrics');
    const labels = await Promise.all(groups.map(async (group) => (await rowsOf(api.runsTree, group.element)).map((row) => row.label)));
    assert.deepEqual(labels.flat(), ['lr = 0.03333333333333333', 'auc  0.722  (step 2)']);
  });

  test('a wrong token shows the 401 message and keeps the previous backend', async () => {
    tokenStore = mkdtempSync(join(tmpdir(), 'mlops-token-server-'));
    tokenServer = await startTokenServer(cliOf(workbenchExtension().extensionPath), join(tokenStore, '.mlops'));
    const before = { backend: api.backend.current, text: api.backendStatusBar.text };
    const outcome = await connect({ url: tokenServer.url, token: 'not-the-token' });
    assert.ok(outcome !== undefined && !outcome.ok, `connected with a wrong token: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.problem, 'unauthenticated');
    assert.match(outcome.message, new RegExp(`The MLflow server at ${tokenServer.url} refused the credentials \\(401 Unauthorized\\)`));
    assert.doesNotMatch(outcome.message, /not-the-token/);
    assert.equal(api.backend.current, before.backend, 'the backend changed');
    assert.equal(api.backendStatusBar.text, before.text);
    assert.deepEqual(await rootLabels(), [experiment]);
  });

  test('with the right token the views read that server, through the token', async () => {
    assert.ok(tokenServer, 'the token server did not start');
    await new MlflowRest(tokenServer.url, tokenServer.token).seedExperiment('guarded', ['only-with-token']);
    const outcome = await connect({ url: tokenServer.url, token: tokenServer.token });
    assert.deepEqual(outcome, { ok: true, backend: `$(cloud) ${host(tokenServer.url)}` });
    assert.deepEqual(await rootLabels(), ['guarded']);
    assert.deepEqual(await runLabels('guarded'), ['only-with-token']);
  });

  test('a server that went away shows as a message row with a way to reconnect, not a crash', async () => {
    assert.ok(tokenServer, 'the token server did not start');
    const url = tokenServer.url;
    await tokenServer.stop();
    await vscode.commands.executeCommand(CommandId.refresh);
    const rows = await rowsOf(api.runsTree);
    assert.equal(rows[0]?.element.kind, 'notice', rows.map((r) => r.label).join(' | '));
    assert.match(String(rows[0]!.item.tooltip), new RegExp(`Cannot reach the MLflow server at ${url} \\(connection refused\\)`));
    const commands = rows.map((row) => row.item.command?.command).filter((id) => id !== undefined);
    assert.deepEqual(commands, [CommandId.refresh, CommandId.connectToServer, CommandId.useEmbeddedStore]);
    const models = await rowsOf(api.modelsTree);
    assert.equal(models[0]?.element.kind, 'notice', 'the Models tree shows the problem too');
  });

  for (const [fixture, text] of [
    ['mlflow-3.17.2.db', '$(file) mlflow-3.17.2.db (read only)'],
    ['mlruns', '$(folder) mlruns (read only)'],
  ] as const) {
    test(`Open MLflow Data reads ${fixture} read only`, async () => {
      const target = join(workbenchExtension().extensionPath, 'test', 'fixtures', 'mlflowData', fixture);
      const outcome = await vscode.commands.executeCommand<SwitchOutcome>(CommandId.openMlflowData, target);
      assert.deepEqual(outcome, { ok: true, backend: text });
      assert.equal(api.backend.current.kind, 'mlflowData');
      assert.equal(api.backendStatusBar.text, text);
      const runs = await runLabels('churn');
      for (const name of ['baseline', 'tuned']) assert.ok(runs.includes(name), `runs of churn in ${fixture}: ${runs.join(', ')}`);
    });
  }

  test('Open MLflow Data on something else says what it expected and keeps the backend', async () => {
    const before = api.backend.current;
    const target = join(workbenchExtension().extensionPath, 'package.json');
    const outcome = await vscode.commands.executeCommand<SwitchOutcome>(CommandId.openMlflowData, target);
    assert.ok(outcome !== undefined && !outcome.ok, JSON.stringify(outcome));
    assert.match(outcome.message, /is not an SQLite database\. Expected an mlflow\.db/);
    assert.equal(api.backend.current, before);
  });

  test('Use Embedded Store shows the local runs again', async () => {
    const outcome = await useEmbedded();
    assert.deepEqual(outcome, { ok: true, backend: '$(database) Embedded' });
    assert.equal(api.backend.current.kind, 'embedded');
    assert.equal(api.backendStatusBar.text, '$(database) Embedded');
    await waitFor('the embedded store to show churn again', async () => ((await rootLabels()).includes('churn') ? true : undefined));
    assert.ok(!(await rootLabels()).includes(experiment), 'the server experiment is still listed');
  });
});
