// A tracking backend: where the views read runs and models from. Three kinds: the embedded store
// (a read-only snapshot of `.mlops/`), a remote MLflow server (RestStore), existing MLflow data
// (an mlflow.db or an mlruns/ folder, read only). The views depend on this, never on which kind.
import type * as vscode from 'vscode';
import type { TrackingStore } from '../../core/store/types';
import type { BackendLabel } from './backendLabel';

/** The values of the `mlops.backend` context key (src/vscode/viewIds.ts). */
export const backendKinds = ['embedded', 'remote', 'mlflowData'] as const;
export type BackendKind = (typeof backendKinds)[number];

/** Where the store stands, for the views' welcome content (package.json, viewsWelcome). */
export type StoreStateKind = 'noConfig' | 'missing' | 'open' | 'error';

export interface Backend extends vscode.Disposable {
  readonly kind: BackendKind;
  readonly label: BackendLabel;
  /** The store the views read; undefined while there is none to read. */
  readonly store: TrackingStore | undefined;
  readonly state: StoreStateKind;
  /** Fires when `store`, `state` or `label` changed: the views read again. */
  readonly onDidChange: vscode.Event<void>;
  /** Reads afresh: a new snapshot, or new answers from the server. */
  refresh(): Promise<void>;
}
