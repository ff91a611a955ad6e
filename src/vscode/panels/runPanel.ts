// One webview panel showing one run. It posts the run after the webview's `ready`, and again
// whenever the store snapshot changes (a running stage's metrics move while the panel is open).
import * as vscode from 'vscode';
import type { RunPanelMessage, RunPanelRequest } from '../../protocol/runPanel';
import type { StoreReader } from '../backend/storeReader';
import { loadRunPanelRun } from './runPanelData';
import { webviewHtml, webviewRoots } from './webviewHtml';

export const runPanelViewType = 'mlops.run';

export class RunPanel implements vscode.Disposable {
  private ready = false;
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly runId: string,
    title: string,
    extensionUri: vscode.Uri,
    private readonly session: StoreReader,
    private readonly log: vscode.LogOutputChannel,
    private readonly openRun: (runId: string) => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(runPanelViewType, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: webviewRoots(extensionUri),
    });
    this.panel.webview.html = webviewHtml(this.panel.webview, {
      title: 'Run',
      script: vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'run.js'),
      styles: [vscode.Uri.joinPath(extensionUri, 'media', 'run.css')],
    });
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((message: RunPanelRequest) => this.receive(message)),
      session.onDidChange(() => void this.update()),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  private receive(message: RunPanelRequest): void {
    switch (message.type) {
      case 'ready':
        // Also after the webview was hidden and reloaded: it starts blank and asks again.
        this.ready = true;
        void this.update();
        break;
      case 'openRun':
        this.openRun(message.runId);
        break;
    }
  }

  private async update(): Promise<void> {
    if (!this.ready) return;
    const store = this.session.store;
    if (store === undefined) return this.post({ type: 'error', message: 'The tracking store is not open.' });
    try {
      const run = await loadRunPanelRun(store, this.runId, Date.now());
      this.panel.title = `Run: ${run.runName}`;
      await this.post({ type: 'run', run });
    } catch (error) {
      if (store !== this.session.store) return;
      this.log.error(`Cannot show run ${this.runId}`, error);
      await this.post({ type: 'error', message: `Run ${this.runId} could not be read: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** The only way messages reach the webview: typed by the protocol. */
  private async post(message: RunPanelMessage): Promise<void> {
    await this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposables.length === 0) return;
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }
}
