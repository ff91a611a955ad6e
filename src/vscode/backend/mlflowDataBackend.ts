// Existing MLflow data as a backend, read only: an `mlflow.db` or an `mlruns/` file-store folder,
// opened by the core (src/core/mlflowData). Refresh opens it again, to see what MLflow wrote since.
import * as vscode from 'vscode';
import { findMlflowData, openMlflowData } from '../../core/mlflowData/openMlflowData';
import type { TrackingStore } from '../../core/store/types';
import type { Backend, StoreStateKind } from './backend';
import { backendLabel, type BackendLabel } from './backendLabel';

export class MlflowDataBackend implements Backend {
  readonly kind = 'mlflowData';
  private current: TrackingStore | undefined;
  private disposed = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  /** Throws the core's MlflowDataError (a message for the user) when `target` cannot be read. */
  static async open(target: string, log: vscode.LogOutputChannel): Promise<MlflowDataBackend> {
    // A folder holding an mlflow.db or an mlruns/ is named by what it holds.
    const found = findMlflowData(target);
    const store = await openMlflowData(target);
    return new MlflowDataBackend(target, store, backendLabel({ kind: 'mlflowData', target: found.path, folder: found.kind === 'mlruns' }), log);
  }

  private constructor(
    readonly target: string,
    store: TrackingStore,
    readonly label: BackendLabel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.current = store;
  }

  get store(): TrackingStore | undefined {
    return this.current;
  }

  get state(): StoreStateKind {
    return this.current === undefined ? 'error' : 'open';
  }

  async refresh(): Promise<void> {
    let next: TrackingStore | undefined;
    try {
      next = await openMlflowData(this.target);
    } catch (error) {
      this.log.error(`Cannot read the MLflow data ${this.target}`, error);
    }
    if (this.disposed) return void (await next?.close());
    const previous = this.current;
    this.current = next;
    this.changed.fire();
    await previous?.close();
  }

  dispose(): void {
    this.disposed = true;
    this.changed.dispose();
    void this.current?.close();
    this.current = undefined;
  }
}
