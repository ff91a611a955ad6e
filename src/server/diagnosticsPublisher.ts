// Validates open mlops.yaml documents and publishes their diagnostics: at once when a document
// opens, debounced while it is edited, and again when files it was checked against change.
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { ConfigDiagnostic } from '../core/config/diagnostic';
import { validatePipeline } from '../core/config/validate';
import { diagnosticSource, toLspDiagnostic } from './lspDiagnostics';
import type { OpenConfig, OpenConfigs } from './openConfigs';
import { describeError } from './serverLog';

/** Long enough to wait out a burst of keystrokes, short enough to feel immediate. */
export const editDebounceMs = 150;

interface Published {
  version: number;
  diagnostics: Diagnostic[];
}

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; force: boolean }>();
  private readonly published = new Map<string, Published>();

  constructor(
    private readonly connection: Connection,
    private readonly configs: OpenConfigs,
    private readonly validate: (config: OpenConfig) => ConfigDiagnostic[] = (config) => validatePipeline(config.doc, config.files ?? noFiles),
  ) {}

  /** Validates now. */
  now(uri: string): void {
    this.cancel(uri);
    this.publish(uri);
  }

  /**
   * Validates after the debounce delay. `force` validates even when this version was already
   * published: the files it was checked against changed.
   */
  later(uri: string, force = false): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending.timer);
    const again = force || pending?.force === true;
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      try {
        const config = this.configs.get(uri);
        if (!again && config && this.published.get(uri)?.version === config.version) return;
        this.publish(uri);
      } catch (error) {
        this.connection.console.error(`Validating ${uri} failed: ${describeError(error, true)}`);
      }
    }, editDebounceMs);
    this.timers.set(uri, { timer, force: again });
  }

  /** Clears a closed document's diagnostics. */
  clear(uri: string): void {
    this.cancel(uri);
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * A request about `uri` failed: the user sees it beside the file's diagnostics until the next
   * validation, rather than a hover or completion that silently never comes.
   */
  requestFailed(uri: string, request: string, error: unknown): void {
    const last = this.published.get(uri);
    if (!last || !this.configs.get(uri)) return;
    const failure: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Error,
      code: 'internal-error',
      source: diagnosticSource,
      message: `The mlops.yaml language server failed to answer a ${request} request (${describeError(error, false)}). Please report this with the file; the log "MLOps Workbench" has the details.`,
    };
    const diagnostics = [...last.diagnostics.filter((d) => !(d.code === 'internal-error' && d.message === failure.message)), failure];
    this.published.set(uri, { version: last.version, diagnostics });
    void this.connection.sendDiagnostics({ uri, version: last.version, diagnostics });
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  private cancel(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending.timer);
    this.timers.delete(uri);
  }

  private publish(uri: string): void {
    const config = this.configs.get(uri);
    if (!config) return;
    let diagnostics: Diagnostic[];
    try {
      diagnostics = this.validate(config).map((found) => toLspDiagnostic(config, found));
    } catch (error) {
      this.connection.console.error(`Validating ${uri} failed: ${describeError(error, true)}`);
      diagnostics = [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          code: 'internal-error',
          source: diagnosticSource,
          message: `The mlops.yaml language server failed to check this file (${describeError(error, false)}). Please report this with the file; the log "MLOps Workbench" has the details.`,
        },
      ];
    }
    this.published.set(uri, { version: config.version, diagnostics });
    void this.connection.sendDiagnostics({ uri, version: config.version, diagnostics });
  }
}

/** For a config that is no local file: nothing can be read, and nothing is reported missing. */
const noFiles = {
  exists: () => true,
  readText: () => undefined,
  readHeader: () => undefined,
  glob: () => [],
};
