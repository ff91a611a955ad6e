// The Models view's TreeDataProvider: registered models -> versions with their aliases and stage;
// a failed read shows notice rows instead (src/vscode/backend/notices.ts).
import * as vscode from 'vscode';
import type { ModelVersion, RegisteredModel } from '../../core/store/types';
import type { NoticeElement } from '../backend/notices';
import type { StoreReader } from '../backend/storeReader';
import { ModelsContextValue } from '../viewIds';
import { modelDescription, modelsChildren, versionRowDescription, type ModelsTreeElement as ModelsDataElement } from './modelsTreeData';
import { versionDetails, versionTooltip } from './modelsTooltips';
import { noticeItem } from './noticeItem';
import { formatTime } from './runLabels';
import { field, markdown } from './tooltips';

export type ModelsTreeElement = ModelsDataElement | NoticeElement;

export class ModelsTreeProvider implements vscode.TreeDataProvider<ModelsTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly source: StoreReader) {
    this.subscription = source.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(element: ModelsTreeElement): vscode.TreeItem {
    switch (element.kind) {
      case 'model':
        return modelItem(element.model);
      case 'version':
        return versionItem(element.version);
      case 'notice':
        return noticeItem(element);
    }
  }

  /** On hover: the version's tooltip with its source run's name and its gate results (reads the store). */
  async resolveTreeItem(item: vscode.TreeItem, element: ModelsTreeElement): Promise<vscode.TreeItem> {
    if (element.kind !== 'version') return item;
    for (let store = this.source.store; store !== undefined; ) {
      const details = await versionDetails(store, element.version);
      // A snapshot replaced (and closed) while it was read: read the new one.
      if (details.problem !== undefined && this.source.store !== store) {
        store = this.source.store;
        continue;
      }
      item.tooltip = versionTooltip(element.version, details);
      break;
    }
    return item;
  }

  async getChildren(element?: ModelsTreeElement): Promise<ModelsTreeElement[]> {
    const store = this.source.store;
    if (store === undefined || element?.kind === 'notice') return [];
    try {
      return await modelsChildren(store, element);
    } catch (error) {
      return this.source.failedRead(store, 'Cannot list registered models', error);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function modelItem(model: RegisteredModel): vscode.TreeItem {
  const item = new vscode.TreeItem(model.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `model:${model.name}`;
  item.description = modelDescription(model);
  item.iconPath = new vscode.ThemeIcon('package');
  item.contextValue = ModelsContextValue.model;
  item.tooltip = markdown((md) => {
    field(md, 'Model', model.name);
    if (model.description !== '') field(md, 'Description', model.description);
    field(md, 'Updated', formatTime(model.lastUpdatedTime));
  });
  return item;
}

function versionItem(version: ModelVersion): vscode.TreeItem {
  const item = new vscode.TreeItem(`v${version.version}`);
  item.id = `model:${version.name}:version:${version.version}`;
  item.description = versionRowDescription(version, formatTime);
  item.iconPath = new vscode.ThemeIcon(version.currentStage === 'Archived' ? 'archive' : version.aliases.length > 0 ? 'star-full' : 'versions');
  item.contextValue = ModelsContextValue.version;
  // No tooltip here: VS Code resolves it on hover (resolveTreeItem) only while it is undefined.
  return item;
}
