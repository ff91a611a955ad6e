// The status bar item's click: the three ways to switch the tracking backend, the active one marked.
import * as vscode from 'vscode';
import type { BackendKind } from '../backend/backend';
import { CommandId } from './commandIds';

interface BackendChoice extends vscode.QuickPickItem {
  backend: BackendKind;
  command: CommandId;
}

const choices: BackendChoice[] = [
  { backend: 'embedded', command: CommandId.useEmbeddedStore, label: '$(database) Use Embedded Store', detail: 'The .mlops folder beside mlops.yaml: what `mlops run` records' },
  { backend: 'remote', command: CommandId.connectToServer, label: '$(cloud) Connect to MLflow Server…', detail: 'A shared MLflow Tracking Server, self-hosted or a Databricks workspace' },
  { backend: 'mlflowData', command: CommandId.openMlflowData, label: '$(file) Open MLflow Data…', detail: 'An existing mlflow.db or mlruns folder, read only' },
];

export async function chooseBackend(active: { kind: BackendKind; text: string }): Promise<void> {
  const items = choices.map((choice) => (choice.backend === active.kind ? { ...choice, description: `active: ${active.text.replace(/^\$\([\w-]+\) /, '')}` } : choice));
  const picked = await vscode.window.showQuickPick(items, { title: 'Tracking Backend', placeHolder: 'Where the Runs and Models views read from' });
  if (picked !== undefined) await vscode.commands.executeCommand(picked.command);
}
