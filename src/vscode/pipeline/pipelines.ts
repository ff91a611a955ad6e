// Everything the editor does with pipelines, built once by the Workbench: the status check, the
// runs, the Pipeline view, code lenses, the task provider and the commands' handlers.
import * as vscode from 'vscode';
import type { ActiveBackend } from '../backend/activeBackend';
import { ViewId } from '../viewIds';
import { PipelineCodeLenses, pipelineDocuments } from './codeLenses';
import { PipelineCommands } from './pipelineCommands';
import { PipelineRuns } from './pipelineRuns';
import { PipelineStatusSource } from './pipelineStatusSource';
import { PipelineTaskProvider, taskType } from './pipelineTasks';
import { PipelineTreeProvider } from './pipelineTree';
import type { CliRuntime } from './runRequest';

export class Pipelines implements vscode.Disposable {
  readonly status: PipelineStatusSource;
  readonly runs: PipelineRuns;
  readonly tree: PipelineTreeProvider;
  readonly commands: PipelineCommands;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(extensionUri: vscode.Uri, backend: ActiveBackend, log: vscode.LogOutputChannel) {
    this.runs = this.track(new PipelineRuns(cliRuntime(extensionUri), log));
    // The embedded store's snapshot holds the stage ledger; another backend's store does not.
    const ledger = (stateDir: string) => {
      const store = backend.current.kind === 'embedded' ? backend.store : undefined;
      return store !== undefined && (store as { dir?: unknown }).dir === stateDir ? store : undefined;
    };
    this.status = this.track(new PipelineStatusSource(ledger, log));
    this.tree = this.track(new PipelineTreeProvider(this.status, this.runs));
    this.track(vscode.window.createTreeView(ViewId.pipeline, { treeDataProvider: this.tree }));
    this.commands = new PipelineCommands(this.runs, this.status);

    const lenses = this.track(new PipelineCodeLenses());
    this.track(vscode.languages.registerCodeLensProvider(pipelineDocuments, lenses));
    this.track(vscode.tasks.registerTaskProvider(taskType, new PipelineTaskProvider(this.runs)));

    this.track(this.runs.onDidChange(() => this.status.schedule()));
    this.track(this.runs.onDidEnd(() => void this.status.refresh()));
    void this.status.refresh();
  }

  private track<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
  }
}

/** The bundled CLI beside the extension's bundle, run by the binary running the extension host. */
function cliRuntime(extensionUri: vscode.Uri): CliRuntime {
  return {
    cliPath: vscode.Uri.joinPath(extensionUri, 'dist', 'cli.js').fsPath,
    execPath: process.execPath,
    // Desktop VS Code's extension host is Electron; code-server's is node.
    electron: process.versions.electron !== undefined,
  };
}
