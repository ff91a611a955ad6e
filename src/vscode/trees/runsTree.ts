// The Runs view's TreeDataProvider: the elements come from runsTreeData.ts, their TreeItems from
// runsTreeItems.ts; a failed read shows notice rows instead (src/vscode/backend/notices.ts).
import * as vscode from 'vscode';
import type { NoticeElement } from '../backend/notices';
import type { StoreReader } from '../backend/storeReader';
import { noticeItem } from './noticeItem';
import { RunsTreeData, type RunsTreeElement as RunsDataElement } from './runsTreeData';
import { runsTreeItem } from './runsTreeItems';

export type RunsTreeElement = RunsDataElement | NoticeElement;

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly data = new RunsTreeData();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly source: StoreReader,
    private readonly keyMetric: () => string,
  ) {
    this.subscription = source.onDidChange(() => this.refresh());
  }

  /** Redraws the tree; the data is read again when the store changes. */
  refresh(): void {
    this.changed.fire(undefined);
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

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
