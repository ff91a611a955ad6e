// What a pipeline command was called with: nothing (the palette: ask), a stage's name, a Pipeline
// view row, a code lens's { file, stage }, or an mlops.yaml's Uri (the explorer). Plain logic, no `vscode`.

export interface CommandTarget {
  /** The mlops.yaml; undefined: the one in the active editor, else the workspace's main one. */
  file?: string;
  /** undefined: ask (Run Stage…), or the whole pipeline (Run Pipeline). */
  stage?: string;
}

export function commandTarget(arg: unknown): CommandTarget {
  if (typeof arg === 'string' && arg !== '') return { stage: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const value = arg as Record<string, unknown>;
  // A Uri (its fsPath is a getter, so it is read rather than spread).
  if (typeof value.fsPath === 'string' && typeof value.scheme === 'string') return value.scheme === 'file' ? { file: value.fsPath } : {};
  const file = typeof value.file === 'string' && value.file !== '' ? value.file : undefined;
  const stage = typeof value.stage === 'string' && value.stage !== '' ? value.stage : value.kind === 'stage' && typeof value.name === 'string' ? value.name : undefined;
  return { ...(file !== undefined ? { file } : {}), ...(stage !== undefined ? { stage } : {}) };
}
