// The composition root: builds every part of the extension once and owns each disposable.
// Nothing registers itself from a module's top level.
import * as vscode from 'vscode';
import { ActiveBackend } from './backend/activeBackend';
import { BackendMemory } from './backend/backendMemory';
import { BackendSwitcher } from './backend/backendSwitcher';
import { EmbeddedBackend } from './backend/embeddedBackend';
import { StoreWriter } from './backend/storeWriter';
import { BackendCommands } from './commands/backendCommands';
import { registerCommands } from './commands/registerCommands';
import { startLanguageClient } from './languageClient';
import { RunPanels } from './panels/runPanels';
import { Pipelines } from './pipeline/pipelines';
import { Registry } from './registry/registry';
import { keyMetricSetting, setting } from './settings';
import { BackendStatusBar } from './statusBar';
import { ModelsTreeProvider } from './trees/modelsTree';
import { RunActions } from './runs/runActions';
import { RunsSearchMemory } from './runs/runsSearchMemory';
import { RunsTreeProvider } from './trees/runsTree';
import { RunsView } from './trees/runsView';
import { ViewId } from './viewIds';

export class Workbench implements vscode.Disposable {
  readonly runsTree: RunsTreeProvider;
  readonly modelsTree: ModelsTreeProvider;
  /** Where the views read from: the embedded store, an MLflow server, or existing MLflow data. */
  readonly backend: ActiveBackend;
  readonly statusBar: BackendStatusBar;
  /** The Pipeline view, pipeline runs, code lenses and tasks. */
  readonly pipelines: Pipelines;
  /** Writes from the editor: through the store's live owner, else the store opened writable briefly. */
  readonly storeWriter: StoreWriter;
  /** The Models view's registry workflow, its documents and the champions' status bar item. */
  readonly registry: Registry;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    const log = this.track(vscode.window.createOutputChannel('MLOps Workbench', { log: true }));

    const embedded = (): EmbeddedBackend => new EmbeddedBackend(log);
    this.backend = this.track(new ActiveBackend(embedded(), log));
    const memory = new BackendMemory(context.workspaceState, context.secrets);
    const switcher = new BackendSwitcher(this.backend, memory, embedded, log);
    this.statusBar = this.track(new BackendStatusBar(this.backend));
    this.storeWriter = new StoreWriter(this.backend);
    this.registry = this.track(new Registry(this.backend, this.storeWriter, log));

    // Created before the Runs view: it comes first in the MLOps container.
    this.pipelines = this.track(new Pipelines(context.extensionUri, this.backend, log));
    const runsSearch = new RunsSearchMemory(context.workspaceState);
    const runsView = this.track(new RunsView(this.backend, keyMetricSetting, runsSearch));
    this.runsTree = runsView.provider;
    this.modelsTree = this.track(new ModelsTreeProvider(this.backend));
    this.track(vscode.window.createTreeView(ViewId.models, { treeDataProvider: this.modelsTree, showCollapseAll: true }));

    const runPanels = this.track(new RunPanels(context.extensionUri, this.backend, log));
    const backends = new BackendCommands(switcher, memory, this.backend);
    const runs = this.track(new RunActions(runsView, runsSearch, this.storeWriter, this.backend, log));
    // Refresh reads everything again; a new snapshot alone only redraws the runs that changed.
    const refresh = {
      refresh: async (): Promise<void> => {
        this.runsTree.reset();
        await this.backend.refresh();
      },
    };
    for (const command of registerCommands({ store: refresh, runPanels, log, backends, pipeline: this.pipelines.commands, registry: this.registry, runs })) this.track(command);

    this.track(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(setting.keyMetric)) this.runsTree.refresh();
      }),
    );
    this.track(startLanguageClient(context.extensionUri, log));
    void switcher.restore();
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
