// What the views need from the active backend: the store to read, when to read again, and what to
// show when a read fails. Trees and panels depend on this, never on a kind of backend.
import type * as vscode from 'vscode';
import type { TrackingStore } from '../../core/store/types';
import type { NoticeElement } from './notices';

export interface StoreReader {
  /** The store to read; undefined while there is none (the views show their welcome content). */
  readonly store: TrackingStore | undefined;
  /** Fires when the views should read again: new data, or another backend. */
  readonly onDidChange: vscode.Event<unknown>;
  /**
   * A read from `store` failed. Logs it and returns the rows that tell the user; none when `store`
   * is no longer the active one (a snapshot replaced mid-read: the views are reading again anyway).
   */
  failedRead(store: TrackingStore, what: string, error: unknown): NoticeElement[];
}
