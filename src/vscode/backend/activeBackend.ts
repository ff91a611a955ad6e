// The backend the views read now, and the switch to another. Owns the active backend: switching
// disposes the previous one (its snapshot, its file watcher). Keeps the `when`-clause context keys
// (package.json's viewsWelcome) in step with it.
import * as vscode from 'vscode';
import { RestStore } from '../../core/mlflow/client/restStore';
import type { TrackingStore } from '../../core/store/types';
import { backendContextKey, storeStateContextKey } from '../viewIds';
import type { Backend } from './backend';
import { describeConnectionError } from './connectionProblem';
import { problemNotices, type NoticeElement } from './notices';
import type { StoreReader } from './storeReader';

export class ActiveBackend implements StoreReader, vscode.Disposable {
  private backend: Backend;
  private subscription: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<Backend>();
  /** Fires with the active backend whenever it, or what it holds, changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    initial: Backend,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.backend = initial;
    this.subscription = this.follow(initial);
    this.announce();
  }

  get current(): Backend {
    return this.backend;
  }

  get store(): TrackingStore | undefined {
    return this.backend.store;
  }

  /** Makes `next` the active backend and disposes the previous one. */
  use(next: Backend): void {
    const previous = this.backend;
    this.subscription.dispose();
    this.backend = next;
    this.subscription = this.follow(next);
    this.log.info(`Tracking backend: ${next.label.text.replace(/^\$\([\w-]+\) /, '')}`);
    this.announce();
    previous.dispose();
  }

  refresh(): Promise<void> {
    return this.backend.refresh();
  }

  failedRead(store: TrackingStore, what: string, error: unknown): NoticeElement[] {
    if (store !== this.backend.store) return [];
    this.log.error(`${what} (${store.description})`, error);
    const where = store instanceof RestStore ? store.url : store.description;
    return problemNotices(describeConnectionError(error, where), this.backend.kind);
  }

  private follow(backend: Backend): vscode.Disposable {
    return backend.onDidChange(() => this.announce());
  }

  private announce(): void {
    void vscode.commands.executeCommand('setContext', backendContextKey, this.backend.kind);
    void vscode.commands.executeCommand('setContext', storeStateContextKey, this.backend.state);
    this.changed.fire(this.backend);
  }

  dispose(): void {
    this.subscription.dispose();
    this.backend.dispose();
    this.changed.dispose();
  }
}
