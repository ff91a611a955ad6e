// Where the workbench's tracking store is: the `mlops.store` setting if set, else the folder
// `.mlops` beside the workspace's mlops.yaml (the shallowest one, when there are several).
import * as path from 'node:path';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { storeSetting } from '../settings';

export const storeFolderName = '.mlops';
export const configFileGlob = '**/mlops.yaml';

export async function locateStore(): Promise<string | undefined> {
  const configured = storeSetting();
  if (configured !== '') return resolveConfigured(configured);
  const configs = await vscode.workspace.findFiles(configFileGlob, '**/{node_modules,.git}/**', 100);
  const first = configs.map((uri) => uri.fsPath).sort(byDepthThenName)[0];
  return first === undefined ? undefined : path.join(path.dirname(first), storeFolderName);
}

function resolveConfigured(configured: string): string {
  const expanded = configured === '~' || configured.startsWith('~/') ? path.join(os.homedir(), configured.slice(1)) : configured;
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
  return path.resolve(base, expanded);
}

function byDepthThenName(a: string, b: string): number {
  const depth = (p: string): number => p.split(path.sep).length;
  return depth(a) - depth(b) || a.localeCompare(b);
}
