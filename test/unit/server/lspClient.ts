// A minimal LSP client for tests: the editor's side of the protocol, over any pair of streams.
import {
  CodeActionRequest, CompletionRequest, createProtocolConnection, DefinitionRequest, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, DocumentSymbolRequest, ExitNotification, HoverRequest, InitializedNotification,
  InitializeRequest, LogMessageNotification, PublishDiagnosticsNotification, ShutdownRequest,
  type CodeAction, type Command, type CompletionItem, type CompletionList, type Definition, type Diagnostic, type DocumentSymbol, type FileEvent,
  type Hover, type InitializeResult, type Location, type LocationLink, type LogMessageParams, type Position, type ProtocolConnection,
  type PublishDiagnosticsParams, type Range, type SymbolInformation, type TextDocumentContentChangeEvent,
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
    const capabilities = {
      textDocument: { publishDiagnostics: { dataSupport: true }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] } },
    };
    const result = await this.connection.sendRequest(InitializeRequest.type, { processId, rootUri: null, capabilities });
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
    this.sendChange(uri, version, changes);
    return published;
  }

  /** Changes a document without waiting for anything back. */
  sendChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
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

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result: CompletionItem[] | CompletionList | null = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return result === null ? [] : Array.isArray(result) ? result : result.items;
  }

  async definition(uri: string, position: Position): Promise<Location[]> {
    const result: Definition | LocationLink[] | null = await this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
    if (result === null) return [];
    const list = Array.isArray(result) ? result : [result];
    return list.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange } : l));
  }

  async documentSymbols(uri: string): Promise<DocumentSymbol[]> {
    const result: DocumentSymbol[] | SymbolInformation[] | null = await this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    return (result ?? []) as DocumentSymbol[];
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const result: (Command | CodeAction)[] | null = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
    return (result ?? []).filter((a): a is CodeAction => !('command' in a && typeof a.command === 'string'));
  }

  /** What the editor's file watcher reports. */
  filesChanged(changes: FileEvent[]): void {
    void this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
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
