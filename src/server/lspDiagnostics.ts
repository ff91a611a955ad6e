// ConfigDiagnostic (offsets into texts) to LSP diagnostics (line/character positions). A diagnostic's
// fixes travel in its `data` as ready workspace edits, so a code action request needs no lookup:
// the client hands `data` back untouched (LSP 3.16).
import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { ConfigDiagnostic, ConfigFix } from '../core/config/diagnostic';
import type { ProjectFiles } from '../core/config/projectFiles';
import { projectFileUri } from './configUris';
import { positionsOf, toLspRange, type Positions } from './lspPositions';

export const diagnosticSource = 'mlops';

/** One fix as its code action applies it: edits per file URI, and the files to create first. */
export interface FixData {
  title: string;
  /** Edits by URI; the config's own URI for edits without a `file`. */
  edits: Record<string, TextEdit[]>;
  /** URIs of files that do not exist yet and must be created before their edits apply. */
  create: string[];
}

export interface DiagnosticData {
  fixes: FixData[];
}

const severities = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export interface ConfigLocation {
  uri: string;
  root: string | undefined;
  lines: Positions;
  files: ProjectFiles | undefined;
}

export function toLspDiagnostic(config: ConfigLocation, found: ConfigDiagnostic): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(config.lines, found.range),
    severity: severities[found.severity],
    code: found.code,
    source: diagnosticSource,
    message: found.message,
  };
  const fixes = (found.fixes ?? []).map((fix) => toFixData(config, fix)).filter((fix): fix is FixData => fix !== undefined);
  if (fixes.length > 0) diagnostic.data = { fixes } satisfies DiagnosticData;
  return diagnostic;
}

/** undefined when the fix edits another file but the config is not a local file. */
function toFixData(config: ConfigLocation, fix: ConfigFix): FixData | undefined {
  const edits: Record<string, TextEdit[]> = {};
  const create: string[] = [];
  for (const edit of fix.edits) {
    let uri = config.uri;
    let lines = config.lines;
    if (edit.file !== undefined) {
      if (config.root === undefined || config.files === undefined) return undefined;
      uri = projectFileUri(config.root, edit.file);
      const text = config.files.readText(edit.file);
      if (text === undefined && !create.includes(uri)) create.push(uri);
      lines = positionsOf(text ?? '');
    }
    (edits[uri] ??= []).push({ range: toLspRange(lines, edit.range), newText: edit.newText });
  }
  return { title: fix.title, edits, create };
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  return typeof value === 'object' && value !== null && Array.isArray((value as DiagnosticData).fixes);
}
