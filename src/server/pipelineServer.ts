// The language server for mlops.yaml. It takes any Connection, so tests can drive it in-process
// over two streams as well as in its own process.
import { posix } from 'node:path';
import { DiagnosticSeverity, TextDocumentSyncKind, TextDocuments, type Connection, type Diagnostic, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { validateSyntax, type ConfigIssue } from '../core/config/validateSyntax';

export const configFileName = 'mlops.yaml';

export class PipelineServer {
  private readonly documents = new TextDocuments(TextDocument);

  constructor(private readonly connection: Connection) {}

  listen(): void {
    this.connection.onInitialize((): InitializeResult => ({
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
      serverInfo: { name: 'mlops-workbench' },
    }));
    this.documents.onDidChangeContent(({ document }) => this.validate(document));
    this.documents.onDidClose(({ document }) => void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }));
    this.documents.listen(this.connection);
    this.connection.listen();
  }

  private validate(document: TextDocument): void {
    if (!isConfigFile(document.uri)) return;
    try {
      const diagnostics = validateSyntax(document.getText()).map((issue) => toDiagnostic(document, issue));
      void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    } catch (error) {
      this.connection.console.error(`Validating ${document.uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}

export function isConfigFile(uri: string): boolean {
  try {
    return posix.basename(new URL(uri).pathname) === configFileName;
  } catch {
    return false;
  }
}

const severities = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

function toDiagnostic(document: TextDocument, issue: ConfigIssue): Diagnostic {
  return {
    range: { start: document.positionAt(issue.start), end: document.positionAt(issue.end) },
    severity: severities[issue.severity],
    code: issue.code,
    source: 'mlops',
    message: issue.message,
  };
}
