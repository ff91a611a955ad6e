// Reloads the store snapshot when `.mlops/mlflow.db` or its journal changes, and finds the store
// again when an mlops.yaml appears or goes. While a run logs metrics the journal changes many
// times a second: reloads happen at most once per `reloadDelayMs`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configFileGlob } from './storeLocation';
import { storeDataFiles, type StoreSession } from './storeSession';

const reloadDelayMs = 400;

export class StoreWatcher implements vscode.Disposable {
  private dataWatcher: vscode.Disposable | undefined;
  private watchedDir: string | undefined;
  private pendingReload: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly session: StoreSession) {
    const configWatcher = vscode.workspace.createFileSystemWatcher(configFileGlob, false, true, false);
    this.disposables.push(
      configWatcher,
      configWatcher.onDidCreate(() => void session.refresh()),
      configWatcher.onDidDelete(() => void session.refresh()),
      session.onDidChange((state) => this.watch(state.kind === 'noConfig' ? undefined : state.dir)),
    );
  }

  private watch(dir: string | undefined): void {
    if (dir === this.watchedDir) return;
    this.dataWatcher?.dispose();
    this.dataWatcher = undefined;
    this.watchedDir = dir;
    if (dir === undefined) return;
    const watcher = vscode.workspace.createFileSystemWatcher(dataFilesPattern(dir));
    const schedule = (): void => this.scheduleReload();
    this.dataWatcher = vscode.Disposable.from(watcher, watcher.onDidCreate(schedule), watcher.onDidChange(schedule), watcher.onDidDelete(schedule));
  }

  private scheduleReload(): void {
    if (this.pendingReload !== undefined) return;
    this.pendingReload = setTimeout(() => {
      this.pendingReload = undefined;
      void this.session.reload();
    }, reloadDelayMs);
  }

  dispose(): void {
    clearTimeout(this.pendingReload);
    this.dataWatcher?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * Inside a workspace folder the pattern is relative to that folder, so the workspace's own file
 * watcher serves it even before `.mlops/` exists; outside, the folder itself is watched.
 */
function dataFilesPattern(dir: string): vscode.RelativePattern {
  const files = `{${storeDataFiles.join(',')}}`;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
  if (folder === undefined) return new vscode.RelativePattern(vscode.Uri.file(dir), files);
  const relative = path.relative(folder.uri.fsPath, dir).split(path.sep).join('/');
  return new vscode.RelativePattern(folder, relative === '' ? files : `${relative}/${files}`);
}
