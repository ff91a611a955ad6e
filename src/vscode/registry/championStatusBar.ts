// The status bar item beside the backend's: per registered model, the version holding `champion`
// ("$(star) churn v3"). Read again whenever the backend changes (a new snapshot, a write, another
// backend); hidden while no model has a champion or the store cannot be read.
import * as vscode from 'vscode';
import type { RegisteredModel, TrackingStore } from '../../core/store/types';
import type { StoreReader } from '../backend/storeReader';
import { ViewId } from '../viewIds';
import { championLabel } from './championLabel';

const maxModels = 1000;

export class ChampionStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;
  private reading = 0;
  /** Settles when the item shows what the store held at the last change (for tests). */
  ready: Promise<void> = Promise.resolve();

  constructor(private readonly reader: StoreReader) {
    // Just right of the backend item (priority 10): higher priorities sit further left.
    this.item = vscode.window.createStatusBarItem('mlops.champions', vscode.StatusBarAlignment.Left, 9);
    this.item.name = 'MLOps Champions';
    this.item.command = `${ViewId.models}.focus`;
    this.subscription = reader.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const reading = ++this.reading;
    this.ready = this.show(reading);
  }

  private async show(reading: number): Promise<void> {
    const store = this.reader.store;
    const models = store === undefined ? [] : await registeredModels(store).catch(() => []);
    if (reading !== this.reading) return; // a newer change is being read
    const label = championLabel(models);
    if (label === undefined) {
      this.item.hide();
      return;
    }
    this.item.text = label.text;
    this.item.tooltip = label.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

async function registeredModels(store: TrackingStore): Promise<RegisteredModel[]> {
  const models: RegisteredModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchRegisteredModels({ maxResults: maxModels, ...(pageToken ? { pageToken } : {}) });
    models.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken && models.length < 10 * maxModels);
  return models;
}
