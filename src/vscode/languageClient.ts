// The client of the mlops.yaml language server (src/server/, bundled to dist/server.js), which runs
// in its own Node process and talks over IPC.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export function startLanguageClient(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable {
  const module = vscode.Uri.joinPath(extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ pattern: '**/mlops.yaml' }],
    outputChannel: log,
  };
  const client = new LanguageClient('mlops', 'MLOps Language Server', serverOptions, clientOptions);
  client.start().catch((error: unknown) => log.error('The mlops.yaml language server did not start', error));
  return { dispose: () => void client.dispose().catch((error: unknown) => log.warn('Stopping the language server failed', error)) };
}
