// A minimal LSP client for tests: the editor's side of the protocol, over any pair of streams.
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, LogMessageNotification, PublishDiagnosticsNotification, ShutdownRequest,
  type InitializeResult, type LogMessageParams, type ProtocolConnection, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

export class LspTestClient {
  private readonly connection: ProtocolConnection;
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  private waiters: { matches: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }[] = [];

  constructor(input: NodeJS.ReadableStream, output: NodeJS.WritableStream) {
    this.connection = createProtocolConnection(input, output);
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.push(params);
      const waiter = this.waiters.find((w) => w.matches(params));
      if (waiter === undefined) return;
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(params);
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => void this.logs.push(params));
    this.connection.listen();
  }

  /**
   * `processId` is the client's pid for a server in its own process (it exits when the client dies),
   * null in-process: the server would otherwise poll our own pid forever and keep the test alive.
   */
  async initialize(processId: number | null): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, { processId, rootUri: null, capabilities: {} });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Opens a document and resolves with the diagnostics the server publishes for that version. */
  open(uri: string, text: string, version = 1): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri, version);
    this.sendOpen(uri, text, version);
    return published;
  }

  /** Opens a document without waiting for anything back. */
  sendOpen(uri: string, text: string, version = 1): void {
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri, version);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return published;
  }

  close(uri: string): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return published;
  }

  /** The next diagnostics for `uri` (of `version`, if given); fails after `timeoutMs`. */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version ?? '?'} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        matches: (params) => params.uri === uri && (version === undefined || params.version === version),
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      });
    });
  }

  async shutdown(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
  }

  dispose(): void {
    this.connection.dispose();
  }
}
