// The registry workflow on a real MLflow server (started by the host runner, test/harness/hostMlflow.ts),
// inside the real extension host: the Models tree reads the server's versions and aliases; Promote
// is refused for a version whose recorded gate failed and allowed for one whose gate passed; Roll
// Back restores the previous holder. MLflow has no audit table: the entries are kept in the
// registered model's `mlops.audit` tag on the server, and the history document reads them back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RestStore } from '../../../src/core/mlflow/client/restStore';
import type { AuditEntry } from '../../../src/core/store/audit';
import { StoreError } from '../../../src/core/store/types';
import type { WorkbenchApi } from '../../../src/extension';
import type { SwitchOutcome } from '../../../src/vscode/backend/backendSwitcher';
import { CommandId } from '../../../src/vscode/commands/commandIds';
import { RegistryCommandId } from '../../../src/vscode/registry/registryCommandTable';
import type { RegistryOutcome } from '../../../src/vscode/registry/registryContext';
import type { ModelsTreeElement } from '../../../src/vscode/trees/modelsTree';
import { addVersion } from '../../fixtures/registry/registrySeed';
import { rowsOf, waitFor, workbenchApi, type Row } from './workbenchApi';

function realMlflowUrl(): string {
  const url = process.env.MLOPS_TEST_MLFLOW_URL;
  if (url) return url;
  throw new Error(`The real MLflow server for this test is missing. ${process.env.MLOPS_TEST_MLFLOW_PROBLEM ?? 'MLOPS_TEST_MLFLOW_URL is not set: run this suite through npm run test:host'}`);
}

const execute = <T>(command: string, arg: unknown): Thenable<T> => vscode.commands.executeCommand<T>(command, arg);
const unescape = (md: string): string => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

suite('Model registry on a real MLflow server', function () {
  this.timeout(120_000);
  let api: WorkbenchApi;
  let server: RestStore;
  let passing = '';
  let failing = '';
  let better = '';

  const versionRows = async (): Promise<Row<ModelsTreeElement>[]> => {
    const churn = (await rowsOf(api.modelsTree)).find((row) => row.label === 'churn');
    assert.ok(churn, `no model churn in the Models tree: ${(await rowsOf(api.modelsTree)).map((r) => r.label).join(', ')}`);
    return rowsOf(api.modelsTree, churn.element);
  };
  const championHolder = async (): Promise<string | undefined> => (await server.getRegisteredModel('churn')).aliases.champion;

  suiteSetup(async () => {
    api = await workbenchApi();
    server = new RestStore({ url: realMlflowUrl() });
    try {
      await server.createRegisteredModel('churn');
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'RESOURCE_ALREADY_EXISTS')) throw error;
    }
    passing = await addVersion(server, 51, { auc: 0.83 }, 'registry-mlflow');
    failing = await addVersion(server, 52, { auc: 0.7 }, 'registry-mlflow');
    better = await addVersion(server, 53, { auc: 0.84 }, 'registry-mlflow');
    await server.setRegisteredModelAlias('churn', 'shadow', failing);
    const outcome = await execute<SwitchOutcome>(CommandId.connectToServer, { url: server.url });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand(CommandId.useEmbeddedStore);
  });

  test('the Models tree lists the server\'s versions of churn as vN, with their aliases', async () => {
    const rows = await waitFor('the versions of churn on the server', async () => {
      const found = await versionRows();
      return found.length >= 3 ? found : undefined;
    });
    assert.deepEqual(rows.map((row) => row.label).slice(0, 3), [`v${better}`, `v${failing}`, `v${passing}`]);
    assert.match(String(rows[1]!.item.description), /^@shadow · run [0-9a-f]{8} · /);
  });

  test('Promote refuses champion to a version whose gate failed, and allows one whose gate passed', async () => {
    const refused = await execute<RegistryOutcome>(RegistryCommandId.promoteModelVersion, { name: 'churn', version: failing, alias: 'champion', reason: 'try' });
    assert.equal(refused.status, 'blocked', refused.message);
    assert.match(refused.message, /gate 'beats_champion' failed: auc 0\.7 is not >= 0\.805/);
    assert.equal(await championHolder(), undefined);

    const allowed = await execute<RegistryOutcome>(RegistryCommandId.promoteModelVersion, { name: 'churn', version: passing, alias: 'champion', reason: 'first on the server' });
    assert.equal(allowed.status, 'done', allowed.message);
    assert.equal(await championHolder(), passing);
    await waitFor('the champion in the status bar', () => (api.registry.champions.item.text === `$(star) churn v${passing}` ? true : undefined));
  });

  test('Roll Back restores the previous holder; the audit trail is kept in the model\'s tag on the server', async () => {
    assert.equal((await execute<RegistryOutcome>(RegistryCommandId.promoteModelVersion, { name: 'churn', version: better, alias: 'champion', reason: 'auc 0.84' })).status, 'done');
    const back = await execute<RegistryOutcome>(RegistryCommandId.rollBackAlias, { name: 'churn', alias: 'champion', reason: 'drift alarms' });
    assert.deepEqual(back, { status: 'done', message: `Alias 'champion' of 'churn' rolled back from version ${better} to version ${passing}.` });
    assert.equal(await championHolder(), passing);

    const kept = JSON.parse((await server.getRegisteredModel('churn')).tags['mlops.audit'] ?? '[]') as AuditEntry[];
    assert.deepEqual(kept.map((e) => [e.action, e.from, e.to, e.reason]), [
      ['set-alias', null, passing, 'first on the server'],
      ['set-alias', passing, better, 'auc 0.84'],
      ['rollback', better, passing, 'drift alarms'],
    ]);
    const uri = await execute<vscode.Uri>(RegistryCommandId.showModelHistory, { name: 'churn' });
    const rows = unescape((await vscode.workspace.openTextDocument(uri)).getText()).split('\n').filter((line) => /^\| \d{4}-/.test(line));
    assert.match(rows[0] ?? '', new RegExp(`\\*\\*@champion rolled back v${better} → v${passing}\\*\\* \\| drift alarms \\|`));
    assert.equal(rows.length, 3);
  });
});
