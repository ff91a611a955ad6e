// The Runs view's TreeDataProvider: the elements come from runsTreeData.ts, their TreeItems from
// runsTreeItems.ts.
import * as vscode from 'vscode';
import type { StoreSession } from '../store/storeSession';
import { RunsTreeData, type RunsTreeElement } from './runsTreeData';
import { runsTreeItem } from './runsTreeItems';

export type { RunsTreeElement };

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly data = new RunsTreeData();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly session: StoreSession,
    private readonly log: vscode.LogOutputChannel,
    private readonly keyMetric: () => string,
  ) {
    this.subscription = session.onDidChange(() => this.refresh());
  }

  /** Redraws the tree; the data is reloaded when the store snapshot changes. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(element: RunsTreeElement): vscode.TreeItem {
    return runsTreeItem(element, this.keyMetric(), Date.now());
  }

  async getChildren(element?: RunsTreeElement): Promise<RunsTreeElement[]> {
    const store = this.session.store;
    if (store === undefined) return [];
    try {
      return await this.data.children(store, element);
    } catch (error) {
      // A query on a snapshot that was just replaced may fail; only the current one counts.
      if (store === this.session.store) this.log.error('Cannot list runs', error);
      return [];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
