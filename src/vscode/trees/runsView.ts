// The Runs view: its tree (several runs may be selected), its search (filter, sort, deleted runs
// shown) remembered per workspace, and the view's description and message saying which search is
// active, with "Clear Filter and Sort" in its title bar while one is.
import * as vscode from 'vscode';
import { searchParts } from '../runs/searchSummary';
import type { RunsSearchMemory } from '../runs/runsSearchMemory';
import { runsPageSizeSetting, setting } from '../settings';
import { runsSearchContextKey, ViewId } from '../viewIds';
import { RunsTreeProvider, type RunsSource, type RunsTreeElement } from './runsTree';
import type { RunsSearch } from './runsTreeData';
import type { RunElement } from './runsTreeElements';

export class RunsView implements vscode.Disposable {
  readonly provider: RunsTreeProvider;
  readonly treeView: vscode.TreeView<RunsTreeElement>;

  private readonly subscription: vscode.Disposable;

  constructor(
    source: RunsSource,
    keyMetric: () => string,
    private readonly memory: RunsSearchMemory,
  ) {
    this.provider = new RunsTreeProvider(source, keyMetric, runsPageSizeSetting());
    this.provider.data.setSearch(memory.search);
    this.treeView = vscode.window.createTreeView(ViewId.runs, { treeDataProvider: this.provider, showCollapseAll: true, canSelectMany: true });
    this.show(memory.search);
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(setting.runsPageSize)) return;
      this.provider.data.pageSize = runsPageSizeSetting();
      this.provider.reset();
    });
  }

  get search(): RunsSearch {
    return this.provider.data.currentSearch;
  }

  async setSearch(search: RunsSearch): Promise<void> {
    this.provider.setSearch(search);
    this.show(search);
    await this.memory.remember(search);
  }

  /** The runs selected in the view (deleted ones too), in the order they were selected. */
  selectedRuns(): RunElement[] {
    return this.treeView.selection.filter((element): element is RunElement => element.kind === 'run');
  }

  private show(search: RunsSearch): void {
    const parts = searchParts(search);
    this.treeView.description = parts.length === 0 ? undefined : parts.join(' · ');
    this.treeView.message = parts.length === 0 ? undefined : `${parts.join('; ')}. "Clear Filter and Sort" in the view's title bar shows every run again.`;
    void vscode.commands.executeCommand('setContext', runsSearchContextKey, parts.length > 0);
  }

  dispose(): void {
    this.subscription.dispose();
    this.treeView.dispose();
    this.provider.dispose();
  }
}
