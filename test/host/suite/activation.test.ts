import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, workbenchExtension } from './workbenchApi';

suite('activation', () => {
  test('the workspace is a project with mlops.yaml', async () => {
    const found = await vscode.workspace.findFiles('mlops.yaml');
    assert.equal(found.length, 1, `workspace folders: ${vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath).join(', ')}`);
  });

  test('activates by itself because the workspace holds mlops.yaml', async () => {
    // No activate() call here: the workspaceContains activation event must do it.
    const extension = workbenchExtension();
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  test('exports the Runs and Models trees', async () => {
    const api = await waitFor('the exported API', () => workbenchExtension().exports);
    for (const tree of [api.runsTree, api.modelsTree]) {
      assert.equal(typeof tree.getChildren, 'function');
      assert.equal(typeof tree.getTreeItem, 'function');
    }
  });

  test('registers every command its package.json contributes', async () => {
    const contributed: { command: string }[] = workbenchExtension().packageJSON.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.map((c) => c.command).filter((id) => !registered.has(id)), []);
  });

  test('contributes the Runs and Models views in the MLOps container', () => {
    const views: Record<string, { id: string }[]> = workbenchExtension().packageJSON.contributes?.views ?? {};
    const ids = Object.values(views).flat().map((view) => view.id);
    assert.ok(ids.includes('mlops.runs') && ids.includes('mlops.models'), `views: ${ids.join(', ')}`);
  });
});
