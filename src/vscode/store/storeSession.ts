// The store the views show: a read-only snapshot of `.mlops/`, reopened when the files change, so
// `mlops run` in a terminal keeps the writer lock while the editor follows along.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { STORE_FILES } from '../../core/store/embeddedStore';
import type { TrackingStore } from '../../core/store/types';
import { countCalls, type CountedStore } from './countedStore';

export type StoreState =
  | { kind: 'noConfig' }
  | { kind: 'missing'; dir: string }
  | { kind: 'open'; dir: string; store: TrackingStore }
  | { kind: 'error'; dir: string; message: string };

export interface StoreSource {
  /** The store folder, or undefined when the workspace has none configured. */
  locate(): Promise<string | undefined>;
  open(dir: string): Promise<TrackingStore>;
}

/** The files whose presence means a store exists, and whose changes mean new data. */
export const storeDataFiles = [STORE_FILES.database, STORE_FILES.journal] as const;

export class StoreSession implements vscode.Disposable {
  private state: StoreState = { kind: 'noConfig' };
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  private reloadWaiting = false;
  private readonly counted = new WeakMap<TrackingStore, CountedStore>();
  private readonly changed = new vscode.EventEmitter<StoreState>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly source: StoreSource,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get current(): StoreState {
    return this.state;
  }

  get store(): TrackingStore | undefined {
    return this.state.kind === 'open' ? this.state.store : undefined;
  }

  /** Finds the store again (the setting or the workspace may have changed) and reopens it. */
  refresh(): Promise<void> {
    return this.enqueue(async () => this.load(await this.source.locate()));
  }

  /** Reopens the snapshot of the same folder; a reload already waiting its turn covers this one too. */
  reload(): Promise<void> {
    if (this.reloadWaiting) return this.queue;
    this.reloadWaiting = true;
    return this.enqueue(() => {
      this.reloadWaiting = false;
      return this.load(this.state.kind === 'noConfig' ? undefined : this.state.dir);
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => this.log.error('Store refresh failed', error));
    return this.queue;
  }

  private async load(dir: string | undefined): Promise<void> {
    if (this.disposed) return;
    const next = await this.open(dir, this.state.kind !== 'noConfig' && this.state.dir === dir);
    if (this.disposed) {
      if (next.kind === 'open') await next.store.close();
      return;
    }
    const previous = this.state;
    this.state = next;
    this.changed.fire(next);
    if (previous.kind === 'open') void this.retire(previous.store);
  }

  /** Closes a replaced snapshot once the reads already started on it have finished. */
  private async retire(store: TrackingStore): Promise<void> {
    await this.counted.get(store)?.idle();
    await this.close(store);
  }

  private async open(dir: string | undefined, reopening: boolean): Promise<StoreState> {
    if (dir === undefined) return { kind: 'noConfig' };
    if (!storeDataFiles.some((file) => existsSync(path.join(dir, file)))) return { kind: 'missing', dir };
    try {
      const counted = countCalls(await this.source.open(dir));
      const store = counted.store;
      this.counted.set(store, counted);
      // While a run logs metrics the snapshot is reopened every few hundred milliseconds.
      if (reopening) this.log.debug(`Reloaded ${store.description}`);
      else this.log.info(`Opened ${store.description}`);
      return { kind: 'open', dir, store };
    } catch (error) {
      this.log.error(`Cannot read the store in ${dir}`, error);
      return { kind: 'error', dir, message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async close(store: TrackingStore): Promise<void> {
    try {
      await store.close();
    } catch (error) {
      this.log.warn('Closing a store snapshot failed', error);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.changed.dispose();
    const last = this.state;
    this.state = { kind: 'noConfig' };
    if (last.kind === 'open') void this.close(last.store);
  }
}
