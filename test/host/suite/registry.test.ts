// The registry workflow inside the real extension host, on the churn workspace whose mlops.yaml
// protects `champion` with the gate beats_champion: the Models tree's versions and alias badges,
// Promote refused for a version whose gate failed and allowed for one whose gate passed, Roll Back
// restoring the previous holder with its audit entry, the history document, the champion in the
// status bar. Three versions of churn are added first, each from its own pipeline run whose gate
// result is recorded (in an experiment of their own, so the Runs suite still sees churn's runs).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { RegistryCommandId } from '../../../src/vscode/registry/registryCommandTable';
import type { RegistryOutcome } from '../../../src/vscode/registry/registryContext';
import type { ModelsTreeElement } from '../../../src/vscode/trees/modelsTree';
import { addVersion, commitOf } from '../../fixtures/registry/registrySeed';
import { rowsOf, waitFor, workbenchApi, type Row } from './workbenchApi';

const execute = <T>(command: string, arg: unknown): Thenable<T> => vscode.commands.executeCommand<T>(command, arg);
/** Markdown's backslash escapes read back as the text they stand for. */
const unescape = (md: string): string => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

suite('Model registry', function () {
  this.timeout(120_000);
  let api: WorkbenchApi;
  let storeDir: string;
  /** Versions whose beats_champion passed (auc 0.83, 0.84) and failed (auc 0.7). */
  let passing = '';
  let failing = '';
  let better = '';

  const versionRows = async (): Promise<Row<ModelsTreeElement>[]> => {
    const churn = (await rowsOf(api.modelsTree)).find((row) => row.label === 'churn');
    assert.ok(churn, 'no model churn in the Models tree');
    return rowsOf(api.modelsTree, churn.element);
  };
  const rowOf = async (version: string): Promise<Row<ModelsTreeElement>> => {
    const rows = await versionRows();
    const row = rows.find((r) => r.label === `v${version}`);
    assert.ok(row, `no row v${version}: ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };
  const championHolder = async (): Promise<string | undefined> => {
    for (const row of await versionRows()) if (/(^|\s)@champion\b/.test(String(row.item.description))) return row.label;
    return undefined;
  };

  suiteSetup(async () => {
    api = await workbenchApi();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'no workspace folder');
    storeDir = path.join(folder, '.mlops');
    await waitFor('the Models tree to list churn', async () => ((await rowsOf(api.modelsTree)).some((row) => row.label === 'churn') ? true : undefined));
    // Nothing owns the store between suites: open it writable for the seeding, as `mlops` would.
    const store = await openEmbeddedStore(storeDir);
    try {
      passing = await addVersion(store, 41, { auc: 0.83 }, 'registry-host-test');
      failing = await addVersion(store, 42, { auc: 0.7 }, 'registry-host-test');
      better = await addVersion(store, 43, { auc: 0.84 }, 'registry-host-test');
      await store.setRegisteredModelAlias('churn', 'shadow', failing);
      await store.setRegisteredModelAlias('churn', 'canary', failing);
    } finally {
      await store.close();
    }
    await waitFor('the seeded versions in the Models tree', async () => ((await versionRows()).some((row) => row.label === `v${better}`) ? true : undefined));
  });

  test('lists churn\'s versions newest first as vN, with their aliases as badges, source run and status', async () => {
    const rows = await versionRows();
    const numbers = rows.map((row) => Number(row.label.slice(1)));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), rows.map((r) => r.label).join(', '));
    const seeded = await rowOf(failing);
    assert.match(String(seeded.item.description), /^@canary @shadow · run [0-9a-f]{8} · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.equal(seeded.item.contextValue, 'modelVersion');
    const model = (await rowsOf(api.modelsTree)).find((row) => row.label === 'churn')!;
    for (const alias of ['canary', 'shadow']) assert.ok(String(model.item.description).includes(`@${alias} v${failing}`), String(model.item.description));
  });

  test('a version\'s tooltip names its source run and its gate results', async () => {
    const row = await rowOf(failing);
    const resolved = await api.modelsTree.resolveTreeItem(row.item, row.element);
    // appendText escapes Markdown and keeps spaces as &nbsp;.
    const tooltip = resolved.tooltip instanceof vscode.MarkdownString ? unescape(resolved.tooltip.value.replaceAll('&nbsp;', ' ')) : String(resolved.tooltip);
    assert.match(tooltip, /Source run: train \([0-9a-f]{32}\)/);
    assert.match(tooltip, /beats_champion: failed: auc 0\.7 is not >= 0\.805/);
  });

  test('Promote refuses champion to a version whose gate failed, naming the gate and why', async () => {
    const before = await championHolder();
    const outcome = await execute<RegistryOutcome>(RegistryCommandId.promoteModelVersion, { name: 'churn', version: failing, alias: 'champion', reason: 'looks fine to me' });
    assert.equal(outcome.status, 'blocked', outcome.message);
    assert.match(outcome.message, new RegExp(`^Version ${failing} of 'churn' cannot receive alias 'champion': gate 'beats_champion' failed: auc 0\\.7 is not >= 0\\.805`));
    assert.equal(await championHolder(), before, 'the champion moved');
  });

  test('Promote moves champion to a version whose gate passed; the status bar names it', async () => {
    const outcome = await execute<RegistryOutcome>(RegistryCommandId.promoteModelVersion, { name: 'churn', version: passing, alias: 'champion', reason: 'beats the baseline' });
    assert.equal(outcome.status, 'done', outcome.message);
    assert.match(outcome.message, new RegExp(`^Version ${passing} of 'churn' now holds alias 'champion'`));
    assert.equal(await championHolder(), `v${passing}`);
    await waitFor('the champion in the status bar', () => (api.registry.champions.item.text === `$(star) churn v${passing}` ? true : undefined));
  });

  test('Roll Back moves champion back to its previous holder and records the rollback', async () => {
    const moved = await execute<RegistryOutcome>(RegistryCommandId.promoteModelVersion, { name: 'churn', version: better, alias: 'champion', reason: 'auc 0.84' });
    assert.equal(moved.status, 'done', moved.message);
    assert.equal(await championHolder(), `v${better}`);

    const back = await execute<RegistryOutcome>(RegistryCommandId.rollBackAlias, { name: 'churn', alias: 'champion', reason: 'latency doubled' });
    assert.deepEqual(back, { status: 'done', message: `Alias 'champion' of 'churn' rolled back from version ${better} to version ${passing}.` });
    assert.equal(await championHolder(), `v${passing}`);
    await waitFor('the status bar to follow the rollback', () => (api.registry.champions.item.text === `$(star) churn v${passing}` ? true : undefined));

    const snapshot = await openEmbeddedStore(storeDir, { readOnly: true });
    try {
      const last = (await snapshot.readAudit('churn')).at(-1);
      assert.ok(last, 'no audit entry');
      assert.deepEqual([last.action, last.target, last.from, last.to, last.reason], ['rollback', 'champion', better, passing, 'latency doubled']);
      assert.notEqual(last.actor, '');
    } finally {
      await snapshot.close();
    }
  });

  test('Show History opens the audit trail, newest first, with who, why, run and commit', async () => {
    const uri = await execute<vscode.Uri>(RegistryCommandId.showModelHistory, { name: 'churn' });
    assert.ok(uri, 'no document opened');
    const text = unescape((await vscode.workspace.openTextDocument(uri)).getText());
    const rows = text.split('\n').filter((line) => /^\| \d{4}-/.test(line));
    assert.match(rows[0] ?? '', new RegExp(`\\*\\*@champion rolled back v${better} → v${passing}\\*\\* \\| latency doubled \\| [0-9a-f]{8} \\|`));
    assert.match(rows[1] ?? '', new RegExp(`\\*\\*@champion v${passing} → v${better}\\*\\* \\| auc 0\\.84 \\| [0-9a-f]{8} \\| ${commitOf(43).slice(0, 8)} \\|`));
    assert.ok(!rows.some((row) => row.includes('looks fine to me')), 'the refused promotion is in the trail');
  });
});
