// The Runs view's TreeDataProvider: the elements come from runsTreeData.ts, their TreeItems from
// runsTreeItems.ts; a failed read shows notice rows instead (src/vscode/backend/notices.ts).
//
// Following the store: a new snapshot of the embedded store (the file watcher reloads it while a
// stage logs) redraws only the runs that changed, or an experiment whose runs came or went; never
// the whole tree per metric point. Another backend, or a refresh asked for, reads everything again.
import * as vscode from 'vscode';
import type { TrackingStore } from '../../core/store/types';
import type { BackendKind } from '../backend/backend';
import type { NoticeElement } from '../backend/notices';
import type { StoreReader } from '../backend/storeReader';
import { noticeItem } from './noticeItem';
import { RunsTreeData, type RunsSearch } from './runsTreeData';
import type { RunsDataElement } from './runsTreeElements';
import { runsTreeItem } from './runsTreeItems';

export type RunsTreeElement = RunsDataElement | NoticeElement;

/** The active backend, as the Runs view reads it. */
export interface RunsSource extends StoreReader {
  readonly current: { readonly kind: BackendKind };
  refresh(): Promise<void>;
}

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsTreeElement | RunsTreeElement[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly data: RunsTreeData;
  private readonly subscription: vscode.Disposable;
  private lastBackend: unknown;
  private lastStore: TrackingStore | undefined;
  private live: Promise<void> | undefined;
  private liveAgain = false;

  constructor(
    private readonly source: RunsSource,
    private readonly keyMetric: () => string,
    pageSize?: number,
  ) {
    this.data = new RunsTreeData(pageSize);
    this.lastBackend = source.current;
    this.lastStore = source.store;
    this.subscription = source.onDidChange(() => this.storeChanged());
  }

  /** Redraws every row from what is loaded (the key metric setting changed). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Forgets what was loaded: everything is read again. */
  reset(): void {
    this.data.forget();
    this.changed.fire(undefined);
  }

  setSearch(search: RunsSearch): void {
    this.data.setSearch(search);
    this.changed.fire(undefined);
  }

  async loadMore(experimentId: string): Promise<void> {
    const element = await this.readCurrent((store) => this.data.loadMore(store, experimentId));
    if (element !== undefined) this.changed.fire(element);
  }

  /** Reads the loaded runs of these experiments again (after a write to them). */
  async reloadExperiments(experimentIds: Iterable<string>): Promise<void> {
    const ids = [...experimentIds];
    const elements = await this.readCurrent((store) => this.data.reload(store, ids));
    if (elements !== undefined && elements.length > 0) this.changed.fire(elements);
  }

  /**
   * Runs `read` on the current store; again on the next one when the snapshot was replaced (and
   * closed) while it read, as happens right after a write. A failure on the current store throws.
   */
  private async readCurrent<T>(read: (store: TrackingStore) => Promise<T>): Promise<T | undefined> {
    for (;;) {
      const store = this.source.store;
      if (store === undefined) return undefined;
      try {
        return await read(store);
      } catch (error) {
        if (store === this.source.store) throw error;
      }
    }
  }

  /** Resolves once the live updates started so far are drawn. */
  async whenIdle(): Promise<void> {
    while (this.live !== undefined) await this.live;
  }

  getTreeItem(element: RunsTreeElement): vscode.TreeItem {
    return element.kind === 'notice' ? noticeItem(element) : runsTreeItem(element, this.keyMetric(), Date.now());
  }

  async getChildren(element?: RunsTreeElement): Promise<RunsTreeElement[]> {
    const store = this.source.store;
    if (store === undefined || element?.kind === 'notice') return [];
    try {
      return await this.data.children(store, element);
    } catch (error) {
      return this.source.failedRead(store, 'Cannot list runs', error);
    }
  }

  private storeChanged(): void {
    const backend = this.source.current;
    const store = this.source.store;
    const sameStore = backend === this.lastBackend && backend.kind === 'embedded' && store !== undefined && this.lastStore !== undefined;
    this.lastBackend = backend;
    this.lastStore = store;
    if (!sameStore) return this.reset();
    if (this.live !== undefined) {
      this.liveAgain = true;
      return;
    }
    this.live = this.followStore().finally(() => (this.live = undefined));
  }

  /** Redraws what changed in the newest snapshot; again while snapshots keep coming. */
  private async followStore(): Promise<void> {
    do {
      this.liveAgain = false;
      const store = this.source.store;
      if (store === undefined) return;
      let failed: unknown;
      try {
        const change = await this.data.changesIn(store);
        if (change.root) this.changed.fire(undefined);
        else if (change.elements.length > 0) this.changed.fire(change.elements);
        failed = change.failed;
      } catch (error) {
        failed = error;
      }
      // A snapshot replaced while it was read is read again on the next pass; anything else
      // starts afresh, with the error shown in the view.
      if (failed !== undefined && store === this.source.store && !this.liveAgain) this.reset();
    } while (this.liveAgain);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
