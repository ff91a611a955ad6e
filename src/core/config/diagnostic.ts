// What the validator reports about an mlops.yaml. Offsets are UTF-16 code units into the text the
// document was parsed from (what JavaScript strings index and what LSP positions count), end exclusive.

export interface Range {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One change a fix makes. Without `file` it edits the config itself, at `range` in its text. With
 * `file` (a path relative to the folder holding mlops.yaml, e.g. `params.yaml`) it edits that file:
 * `range` then holds offsets into that file's current text, and `start === end === text length`
 * means "append". A client turns such an edit into a WorkspaceEdit on the other file.
 */
export interface ConfigEdit {
  range: Range;
  newText: string;
  file?: string;
}

export interface ConfigFix {
  title: string;
  edits: ConfigEdit[];
}

export interface ConfigDiagnostic {
  /** Stable across versions, e.g. 'unknown-key'; the codes are listed in docs/pipeline-config.md. */
  code: string;
  severity: Severity;
  /** Says what is wrong and what to do about it. */
  message: string;
  range: Range;
  fixes?: ConfigFix[];
}

export function diagnostic(code: string, severity: Severity, range: Range, message: string, fixes?: ConfigFix[]): ConfigDiagnostic {
  return fixes && fixes.length > 0 ? { code, severity, message, range, fixes } : { code, severity, message, range };
}
