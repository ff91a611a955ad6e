// Which mlops.yaml a pipeline command works on, and where its runs are recorded. The Pipeline view
// shows the workspace's main one: the shallowest, the same one whose store the Runs view reads.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { storeSetting } from '../settings';
import { configFileGlob, locateStore, storeFolderName } from '../store/storeLocation';

const excluded = '**/{node_modules,.git}/**';

/** The workspace's mlops.yaml files, shallowest first. */
export async function pipelineFiles(): Promise<string[]> {
  const found = await vscode.workspace.findFiles(configFileGlob, excluded, 100);
  const depth = (p: string) => p.split(path.sep).length;
  return found.map((uri) => uri.fsPath).sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}

/** The mlops.yaml in the active editor, else the workspace's main one. */
export async function currentPipelineFile(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.uri.scheme === 'file' && path.basename(active.uri.fsPath) === 'mlops.yaml') return active.uri.fsPath;
  return (await pipelineFiles())[0];
}

/**
 * The store folder a run of `file` records into, and that the status check reads: the `mlops.store`
 * setting when set (passed to the CLI as --store), else `.mlops` beside the file (the CLI's default).
 */
export async function storeFor(file: string): Promise<{ dir: string; fromSetting: boolean }> {
  if (storeSetting() !== '') {
    const dir = await locateStore();
    if (dir !== undefined) return { dir, fromSetting: true };
  }
  return { dir: path.join(path.dirname(file), storeFolderName), fromSetting: false };
}
