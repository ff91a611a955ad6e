// The client of the mlops.yaml language server (src/server/, bundled to dist/server.js), which runs
// in its own Node process and talks over IPC.
//
// Two lifetimes, as in rust-analyzer's client: what lives as long as the extension (the file
// watcher that feeds every client), and what lives as long as one LanguageClient (its listeners),
// disposed before a manual restart builds the next client. When the server process dies,
// vscode-languageclient's default error handler starts it again, up to `maxRestarts` times in three
// minutes; after that the user is offered a restart.
import * as vscode from 'vscode';
import {
  CloseAction, LanguageClient, State, TransportKind,
  type CloseHandlerResult, type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';

/** Restarts of a crashed server within three minutes before the client gives up on it. */
export const maxRestarts = 4;

/** File events from these folders never change what the server checked: the store, git, packages. */
const ignoredFolders = /[\\/](\.git|\.mlops|node_modules|__pycache__|\.venv)([\\/]|$)/;

const stateNames: Record<State, string> = { [State.Starting]: 'starting', [State.Running]: 'running', [State.Stopped]: 'stopped' };

export function startLanguageClient(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable {
  const client = new PipelineLanguageClient(extensionUri, log);
  client.start();
  return client;
}

export class PipelineLanguageClient implements vscode.Disposable {
  private readonly extensionDisposables: vscode.Disposable[] = [];
  private clientDisposables: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // Params, metrics and data files anywhere in the workspace: the server keeps what it read until
    // one of these events says the file changed.
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.extensionDisposables.push(this.watcher);
  }

  start(): void {
    const client = this.createClient();
    this.client = client;
    this.clientDisposables.push(
      client.onDidChangeState(({ oldState, newState }) => this.log.info(`mlops.yaml language server: ${stateNames[oldState]} -> ${stateNames[newState]}`)),
    );
    client.start().catch((error: unknown) => this.log.error('The mlops.yaml language server did not start', error));
  }

  /** Stops the current client, disposes what belonged to it, and starts a new one. */
  async restart(): Promise<void> {
    await this.stopClient();
    this.start();
  }

  dispose(): void {
    void this.stopClient();
    for (const disposable of this.extensionDisposables.splice(0)) disposable.dispose();
  }

  private async stopClient(): Promise<void> {
    for (const disposable of this.clientDisposables.splice(0)) disposable.dispose();
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client.dispose().catch((error: unknown) => this.log.warn('Stopping the mlops.yaml language server failed', error));
  }

  private createClient(): LanguageClient {
    const module = vscode.Uri.joinPath(this.extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    let fallback: ErrorHandler | undefined;
    const errorHandler: ErrorHandler = {
      error: (error, message, count) => {
        this.log.error(`mlops.yaml language server: connection error ${count ?? ''}`, error, message);
        return fallback!.error(error, message, count);
      },
      closed: async () => this.closed(await fallback!.closed()),
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', pattern: '**/mlops.yaml' }],
      outputChannel: this.log,
      connectionOptions: { maxRestartCount: maxRestarts },
      errorHandler,
      synchronize: { fileEvents: this.watcher },
      middleware: {
        workspace: {
          didChangeWatchedFile: (event, next) => (ignoredFolders.test(vscode.Uri.parse(event.uri).fsPath) ? Promise.resolve() : next(event)),
        },
      },
    };
    const client = new LanguageClient('mlops', 'MLOps Language Server', serverOptions, clientOptions);
    fallback = client.createDefaultErrorHandler(maxRestarts);
    return client;
  }

  /** The server process ended: log it, and when the default handler gives up, offer a restart. */
  private closed(result: CloseHandlerResult): CloseHandlerResult {
    if (result.action === CloseAction.Restart) {
      this.log.warn('The mlops.yaml language server stopped unexpectedly; starting it again.');
      return result;
    }
    const message = result.message ?? 'The mlops.yaml language server stopped.';
    this.log.error(message);
    void vscode.window.showErrorMessage(message, 'Restart', 'Show Log').then((choice) => {
      if (choice === 'Restart') void this.restart();
      else if (choice === 'Show Log') this.log.show();
    });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}
