// The file picker of "Open MLflow Data…": an mlflow.db file, or an mlruns/ folder. Asked in two
// steps because native dialogs on Linux and Windows pick files or folders, not both.
import * as vscode from 'vscode';

interface DataChoice extends vscode.QuickPickItem {
  folder: boolean;
}

const choices: DataChoice[] = [
  { folder: false, label: '$(file) An MLflow database', description: 'mlflow.db, what `mlflow server --backend-store-uri sqlite:///…` uses' },
  { folder: true, label: '$(folder) An MLflow file store', description: 'an mlruns/ folder, what MLflow writes without a database' },
];

/** The path of what the user picked; undefined when they cancelled. */
export async function pickMlflowData(): Promise<string | undefined> {
  const choice = await vscode.window.showQuickPick(choices, { title: 'Open MLflow Data (read only)', placeHolder: 'What kind of MLflow data?' });
  if (choice === undefined) return undefined;
  const picked = await vscode.window.showOpenDialog({
    title: choice.folder ? 'Open an mlruns folder (read only)' : 'Open an mlflow.db (read only)',
    openLabel: 'Open Read Only',
    canSelectFiles: !choice.folder,
    canSelectFolders: choice.folder,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    ...(choice.folder ? {} : { filters: { 'MLflow database': ['db', 'sqlite', 'sqlite3'], 'All files': ['*'] } }),
  });
  return picked?.[0]?.fsPath;
}
