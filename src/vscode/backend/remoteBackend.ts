// A remote MLflow Tracking Server as a backend. Each refresh makes a new RestStore: the views keep
// what they read per store object, so a new one means fresh answers from the server.
import * as vscode from 'vscode';
import type { MlflowCredentials } from '../../core/mlflow/client/http';
import { RestStore } from '../../core/mlflow/client/restStore';
import type { Backend, StoreStateKind } from './backend';
import { backendLabel, type AuthKind, type BackendLabel } from './backendLabel';

export interface ServerConnection {
  /** As parseServerUrl returns it. */
  url: string;
  auth: AuthKind;
  credentials: MlflowCredentials;
}

/** A view's read waits this long for an answer (MLflow's own client waits 120 s). */
const readTimeoutMs = 30_000;

export class RemoteBackend implements Backend {
  readonly kind = 'remote';
  readonly state: StoreStateKind = 'open';
  readonly label: BackendLabel;
  private current: RestStore;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(readonly server: ServerConnection) {
    this.label = backendLabel({ kind: 'remote', url: server.url, auth: server.auth });
    this.current = this.newStore();
  }

  get store(): RestStore {
    return this.current;
  }

  async refresh(): Promise<void> {
    this.current = this.newStore();
    this.changed.fire();
  }

  private newStore(): RestStore {
    return new RestStore({ url: this.server.url, ...this.server.credentials, timeoutMs: readTimeoutMs });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
