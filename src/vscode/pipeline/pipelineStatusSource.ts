// The status of the workspace's main pipeline (pipelineFiles.ts), checked in the editor's process
// and checked again when it may have changed: mlops.yaml, the params file, a dep or an out, or the
// stage record changed on disk (debounced), and after each stage of a run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LedgerReader } from '../../core/pipeline/stageHistory';
import type { TrackingStore } from '../../core/store/types';
import { changeMatters, watchedPaths, type WatchedPaths } from './changeFilter';
import { pipelineFiles, storeFor } from './pipelineFiles';
import { checkStatus, type StatusCheck } from './statusCheck';

export type PipelineState = { kind: 'none' } | { kind: 'checking'; file: string } | StatusCheck;

const debounceMs = 300;
const ignoredFolders = /[\\/](\.git|node_modules)([\\/]|$)/;

export class PipelineStatusSource implements vscode.Disposable {
  private state: PipelineState = { kind: 'none' };
  private watched: WatchedPaths | undefined;
  private readonly changed = new vscode.EventEmitter<PipelineState>();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private again = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  /** `ledger(stateDir)`: the embedded store's snapshot when it is the store in that folder. */
  constructor(
    private readonly ledger: (stateDir: string) => (TrackingStore & Partial<LedgerReader>) | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const onFile = (uri: vscode.Uri) => this.fileChanged(uri.fsPath);
    this.disposables.push(watcher, watcher.onDidCreate(onFile), watcher.onDidChange(onFile), watcher.onDidDelete(onFile));
  }

  get current(): PipelineState {
    return this.state;
  }

  /** Checks now (after a check going on), finding the main mlops.yaml again first. */
  refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.checking) {
      this.again = true;
      return this.checking;
    }
    this.checking = this.check().finally(() => {
      this.checking = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.checking;
  }

  /** Checks after a quiet moment: many changes in a row make one check. */
  schedule(): void {
    if (this.timer !== undefined || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, debounceMs);
  }

  private fileChanged(file: string): void {
    if (ignoredFolders.test(file)) return;
    if (path.basename(file) === 'mlops.yaml') return this.schedule();
    const state = this.state;
    if (state.kind === 'ready') {
      if (this.watched && changeMatters(this.watched, file)) this.schedule();
    } else if (state.kind !== 'none' && !file.split(path.sep).includes('.mlops')) {
      this.schedule(); // a config that does not validate may name a file that was missing
    }
  }

  private async check(): Promise<void> {
    try {
      const file = (await pipelineFiles())[0];
      if (file === undefined) return this.set({ kind: 'none' });
      if (this.state.kind === 'none' || this.state.file !== file) this.set({ kind: 'checking', file });
      const { dir } = await storeFor(file);
      const next = await checkStatus(file, dir, this.ledger(dir));
      this.watched = next.kind === 'ready' ? watchedPaths(next.config, next.stateDir) : undefined;
      if (next.kind === 'error') this.log.error(`Pipeline status of ${file}: ${next.message}`);
      this.set(next);
    } catch (error) {
      this.log.error('Pipeline status check failed', error);
    }
  }

  private set(state: PipelineState): void {
    if (this.disposed) return;
    this.state = state;
    this.changed.fire(state);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.changed.dispose();
  }
}
