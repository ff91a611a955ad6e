// The language server for mlops.yaml. It takes any Connection, so tests can drive it in-process
// over two streams as well as in its own process. No input may take it down: every handler answers
// inside a try/catch, and a failure is logged and shown as an 'internal-error' diagnostic.
import {
  CodeActionKind, FileChangeType, TextDocumentSyncKind,
  type Connection, type DidChangeWatchedFilesParams, type InitializeResult, type TextDocumentPositionParams,
} from 'vscode-languageserver/node';
import type { ConfigDiagnostic } from '../core/config/diagnostic';
import { diskProjectFiles, type ProjectFiles } from '../core/config/projectFiles';
import { ProjectFilesCache, type FileChange } from './cachedProjectFiles';
import { quickFixes } from './codeActions';
import { completionAt } from './completion';
import { isConfigFile, pipelineRoot, relativeToRoot, uriToPath } from './configUris';
import { definitionAt } from './definition';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { hoverAt } from './hover';
import { OpenConfigs, type OpenConfig } from './openConfigs';
import { describeError } from './serverLog';
import { documentSymbols } from './symbols';

export interface PipelineServerOptions {
  /** How a pipeline root's files are read; the server caches what it returns. */
  projectFiles?: (root: string) => ProjectFiles;
  /** Replaces the validator (tests use it to make validation fail). */
  validate?: (config: OpenConfig) => ConfigDiagnostic[];
}

/** Typing one of these asks for completions without Ctrl+Space: paths, dotted params keys, list items. */
export const completionTriggers = ['/', '.', '[', ',', ' '];

const fileChanges: Record<number, FileChange> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };

export class PipelineServer {
  private readonly cache: ProjectFilesCache;
  private readonly configs: OpenConfigs;
  private readonly publisher: DiagnosticsPublisher;

  constructor(
    private readonly connection: Connection,
    options: PipelineServerOptions = {},
  ) {
    this.cache = new ProjectFilesCache(options.projectFiles ?? diskProjectFiles);
    this.configs = new OpenConfigs(this.cache);
    this.publisher = new DiagnosticsPublisher(connection, this.configs, options.validate);
  }

  listen(): void {
    const { connection, configs, publisher } = this;
    connection.onInitialize((): InitializeResult => ({
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: completionTriggers },
        definitionProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'mlops-workbench' },
    }));
    configs.documents.onDidOpen(({ document }) => this.safely('open', () => isConfigFile(document.uri) && publisher.now(document.uri)));
    configs.documents.onDidChangeContent(({ document }) => this.safely('change', () => isConfigFile(document.uri) && publisher.later(document.uri)));
    configs.documents.onDidClose(({ document }) =>
      this.safely('close', () => {
        if (!isConfigFile(document.uri)) return;
        publisher.clear(document.uri);
        configs.closed(document.uri);
      }),
    );
    connection.onDidChangeWatchedFiles((params) => this.safely('file change', () => this.filesChanged(params)));

    connection.onHover(this.answer('hover', null, (config, params) => hoverAt(config, this.offsetOf(config, params))));
    connection.onCompletion(this.answer('completion', [], (config, params) => completionAt(config, this.offsetOf(config, params))));
    connection.onDefinition(this.answer('definition', [], (config, params) => definitionAt(config, this.offsetOf(config, params))));
    connection.onDocumentSymbol(this.answer('document symbol', [], (config) => documentSymbols(config)));
    connection.onCodeAction(this.answer('code action', [], (_config, params) => quickFixes(params)));
    connection.onShutdown(() => publisher.dispose());

    configs.documents.listen(connection);
    connection.listen();
  }

  /** Files the validator read changed on disk: forget them and check the configs that read them again. */
  private filesChanged({ changes }: DidChangeWatchedFilesParams): void {
    const stale = new Set<string>();
    for (const { uri, type } of changes) {
      const file = uriToPath(uri);
      const change = fileChanges[type];
      if (file === undefined || change === undefined) continue;
      for (const root of this.cache.fileChanged(file, change, relativeToRoot)) stale.add(root);
    }
    if (stale.size === 0) return;
    for (const uri of this.configs.uris()) {
      const root = pipelineRoot(uri);
      if (root !== undefined && stale.has(root)) this.publisher.later(uri, true);
    }
  }

  private offsetOf(config: OpenConfig, params: TextDocumentPositionParams): number {
    return config.lines.offsetAt(params.position);
  }

  /** A request handler for open configs that never throws: other documents get `fallback`. */
  private answer<P extends { textDocument: { uri: string } }, R>(request: string, fallback: R, handler: (config: OpenConfig, params: P) => R): (params: P) => R {
    return (params) => {
      const uri = params.textDocument.uri;
      try {
        const config = this.configs.get(uri);
        return config ? handler(config, params) : fallback;
      } catch (error) {
        this.connection.console.error(`The ${request} request on ${uri} failed: ${describeError(error, true)}`);
        try {
          this.publisher.requestFailed(uri, request, error);
        } catch (reportError) {
          this.connection.console.error(`Reporting that failure failed too: ${describeError(reportError, true)}`);
        }
        return fallback;
      }
    };
  }

  private safely(what: string, body: () => unknown): void {
    try {
      body();
    } catch (error) {
      this.connection.console.error(`Handling a ${what} failed: ${describeError(error, true)}`);
    }
  }
}
