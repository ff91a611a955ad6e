// The input boxes of "Connect to MLflow Server…": the URL, how to sign in, then the token or the
// username and password. The last server's URL and sign-in kind are offered again; a saved secret
// is kept when its box is left empty, and never shown.
import * as vscode from 'vscode';
import type { MlflowCredentials } from '../../core/mlflow/client/http';
import type { AuthKind } from '../backend/backendLabel';
import type { BackendMemory } from '../backend/backendMemory';
import type { ServerConnection } from '../backend/remoteBackend';
import { parseServerUrl, serverUrlError } from '../backend/serverUrl';

const title = 'Connect to MLflow Server';

interface AuthChoice extends vscode.QuickPickItem {
  auth: AuthKind;
}

const authChoices: AuthChoice[] = [
  { auth: 'token', label: '$(key) Bearer token', description: 'MLFLOW_TRACKING_TOKEN; a Databricks personal access token' },
  { auth: 'basic', label: '$(account) Username and password', description: 'MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD' },
  { auth: 'none', label: '$(unlock) No credentials', description: 'a server without authentication' },
];

/** Undefined when the user cancelled a step. */
export async function askForServer(memory: BackendMemory): Promise<ServerConnection | undefined> {
  const last = memory.lastServer;
  const typed = await vscode.window.showInputBox({
    title: `${title} (1/3)`,
    prompt: 'The URL of the MLflow Tracking Server (where its UI is served)',
    placeHolder: 'https://mlflow.example.com or http://127.0.0.1:5000',
    value: last?.url,
    ignoreFocusOut: true,
    validateInput: serverUrlError,
  });
  if (typed === undefined) return undefined;
  const parsed = parseServerUrl(typed);
  if ('error' in parsed) return undefined;
  const url = parsed.url;
  const lastAuth = last?.url === url ? last.auth : undefined;
  const choices = lastAuth === undefined ? authChoices : [...authChoices].sort((a, b) => Number(b.auth === lastAuth) - Number(a.auth === lastAuth));
  const choice = await vscode.window.showQuickPick(choices, { title: `${title} (2/3)`, placeHolder: `How to sign in to ${url}`, ignoreFocusOut: true });
  if (choice === undefined) return undefined;
  const saved = await memory.credentials(url);
  const credentials = await askForCredentials(choice.auth, saved);
  return credentials === undefined ? undefined : { url, auth: choice.auth, credentials };
}

async function askForCredentials(auth: AuthKind, saved: MlflowCredentials): Promise<MlflowCredentials | undefined> {
  switch (auth) {
    case 'none':
      return {};
    case 'token': {
      const token = await askSecret('Bearer token', saved.token);
      return token === undefined ? undefined : { token };
    }
    case 'basic': {
      const username = await vscode.window.showInputBox({
        title: `${title} (3/3)`,
        prompt: 'Username',
        value: saved.username,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Type the username.' : undefined),
      });
      if (username === undefined) return undefined;
      const password = await askSecret(`Password of ${username.trim()}`, saved.username === username.trim() ? saved.password : undefined);
      return password === undefined ? undefined : { username: username.trim(), password };
    }
  }
}

/** A password box; left empty, it keeps `saved` (when there is one). */
async function askSecret(what: string, saved: string | undefined): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title: `${title} (3/3)`,
    prompt: `${what}, kept in the editor's secret storage`,
    placeHolder: saved ? 'Leave empty to keep the saved one' : undefined,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value === '' && !saved ? 'Type it, or press Escape to cancel.' : undefined),
  });
  if (typed === undefined) return undefined;
  return typed === '' ? saved : typed;
}
