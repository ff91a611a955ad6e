// The composition root: builds every part of the extension once and owns each disposable.
// Nothing registers itself from a module's top level.
import * as vscode from 'vscode';
import { openEmbeddedStore } from '../core/store/embeddedStore';
import { registerCommands } from './commands/registerCommands';
import { startLanguageClient } from './languageClient';
import { RunPanels } from './panels/runPanels';
import { keyMetricSetting, setting } from './settings';
import { locateStore } from './store/storeLocation';
import { StoreSession } from './store/storeSession';
import { StoreWatcher } from './store/storeWatcher';
import { ModelsTreeProvider } from './trees/modelsTree';
import { RunsTreeProvider } from './trees/runsTree';
import { ViewId } from './viewIds';

export class Workbench implements vscode.Disposable {
  readonly runsTree: RunsTreeProvider;
  readonly modelsTree: ModelsTreeProvider;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    const log = this.track(vscode.window.createOutputChannel('MLOps Workbench', { log: true }));
    // Read-only: the CLI (`mlops run`) keeps the writer lock while the editor shows its data.
    const session = this.track(new StoreSession({ locate: locateStore, open: (dir) => openEmbeddedStore(dir, { readOnly: true }) }, log));
    this.track(new StoreWatcher(session));

    this.runsTree = this.track(new RunsTreeProvider(session, log, keyMetricSetting));
    this.modelsTree = this.track(new ModelsTreeProvider(session, log));
    this.track(vscode.window.createTreeView(ViewId.runs, { treeDataProvider: this.runsTree, showCollapseAll: true }));
    this.track(vscode.window.createTreeView(ViewId.models, { treeDataProvider: this.modelsTree, showCollapseAll: true }));

    const runPanels = this.track(new RunPanels(context.extensionUri, session, log));
    for (const command of registerCommands({ store: session, runPanels, log })) this.track(command);

    this.track(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(setting.store)) void session.refresh();
        if (event.affectsConfiguration(setting.keyMetric)) this.runsTree.refresh();
      }),
    );
    this.track(startLanguageClient(context.extensionUri, log));
    void session.refresh();
  }

  private track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  /** Disposes in reverse order of creation: users of a part go before the part. */
  dispose(): void {
    for (const disposable of this.disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (error) {
        console.error('MLOps Workbench: dispose failed', error);
      }
    }
  }
}
