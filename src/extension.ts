import type * as vscode from 'vscode';
import type { ModelsTreeProvider } from './vscode/trees/modelsTree';
import type { RunsTreeProvider } from './vscode/trees/runsTree';
import { Workbench } from './vscode/workbench';

/** What activate() returns: the extension's API, used by the in-host tests. */
export interface WorkbenchApi {
  runsTree: RunsTreeProvider;
  modelsTree: ModelsTreeProvider;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const workbench = new Workbench(context);
  context.subscriptions.push(workbench);
  return { runsTree: workbench.runsTree, modelsTree: workbench.modelsTree };
}
