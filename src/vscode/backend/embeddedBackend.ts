// The embedded store as a backend: a read-only snapshot of `.mlops/` beside mlops.yaml (or the
// `mlops.store` setting), reloaded by the file watcher while `mlops run` writes. The watcher lives
// and dies with this backend: it watches nothing while another backend is active.
import * as vscode from 'vscode';
import { openEmbeddedStore } from '../../core/store/embeddedStore';
import type { TrackingStore } from '../../core/store/types';
import { setting } from '../settings';
import { locateStore } from '../store/storeLocation';
import { StoreSession } from '../store/storeSession';
import { StoreWatcher } from '../store/storeWatcher';
import type { Backend, StoreStateKind } from './backend';
import { backendLabel, type BackendLabel } from './backendLabel';

export class EmbeddedBackend implements Backend {
  readonly kind = 'embedded';
  private readonly session: StoreSession;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(log: vscode.LogOutputChannel) {
    // Read-only: the CLI (`mlops run`) keeps the writer lock while the editor shows its data.
    this.session = new StoreSession({ locate: locateStore, open: (dir) => openEmbeddedStore(dir, { readOnly: true }) }, log);
    this.disposables = [
      this.session,
      new StoreWatcher(this.session),
      this.session.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(setting.store)) void this.session.refresh();
      }),
    ];
    void this.session.refresh();
  }

  get store(): TrackingStore | undefined {
    return this.session.store;
  }

  get state(): StoreStateKind {
    return this.session.current.kind;
  }

  get label(): BackendLabel {
    const current = this.session.current;
    return backendLabel({ kind: 'embedded', dir: current.kind === 'noConfig' ? undefined : current.dir, state: current.kind });
  }

  refresh(): Promise<void> {
    return this.session.refresh();
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
    this.changed.dispose();
  }
}
