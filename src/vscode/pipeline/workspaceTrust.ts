// Workspace Trust: a stage's command is code from the workspace, so in Restricted Mode no stage
// runs. Each way in (commands, tasks, code lenses) says why and offers to manage trust.
import * as vscode from 'vscode';

export const untrustedMessage = 'Running stages executes code from this workspace; trust it first.';
const manageTrust = 'Manage Workspace Trust';

export function mayRunStages(): boolean {
  return vscode.workspace.isTrusted;
}

/** Says why nothing runs, with the way to trust the workspace. Returns undefined: nothing ran. */
export function explainUntrusted(): undefined {
  void vscode.window.showWarningMessage(untrustedMessage, manageTrust).then((picked) => {
    if (picked === manageTrust) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return undefined;
}
