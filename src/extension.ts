import type * as vscode from 'vscode';
import type { ActiveBackend } from './vscode/backend/activeBackend';
import type { Pipelines } from './vscode/pipeline/pipelines';
import type { Registry } from './vscode/registry/registry';
import type { ModelsTreeProvider } from './vscode/trees/modelsTree';
import type { RunsTreeProvider } from './vscode/trees/runsTree';
import { Workbench } from './vscode/workbench';

/** What activate() returns: the extension's API, used by the in-host tests. */
export interface WorkbenchApi {
  runsTree: RunsTreeProvider;
  modelsTree: ModelsTreeProvider;
  /** Where the trees read from now: its kind, label and store. */
  backend: ActiveBackend;
  /** The status bar item naming the active backend. */
  backendStatusBar: vscode.StatusBarItem;
  /** The Pipeline view's tree, the status check and the runs started from the editor. */
  pipelines: Pipelines;
  /** The registry workflow: its documents, and the status bar item naming each model's champion (`registry.champions.item`). */
  registry: Registry;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const workbench = new Workbench(context);
  context.subscriptions.push(workbench);
  return { runsTree: workbench.runsTree, modelsTree: workbench.modelsTree, backend: workbench.backend, backendStatusBar: workbench.statusBar.item, pipelines: workbench.pipelines, registry: workbench.registry };
}
