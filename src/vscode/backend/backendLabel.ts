// How the active tracking backend reads in the status bar: a codicon and a few words, with the
// details in the tooltip. Plain functions, no `vscode`.
import * as path from 'node:path';

/** How the workbench signs in to an MLflow server. */
export type AuthKind = 'token' | 'basic' | 'none';

export type BackendDescription =
  | { kind: 'embedded'; dir: string | undefined; state: 'noConfig' | 'missing' | 'open' | 'error' }
  | { kind: 'remote'; url: string; auth: AuthKind }
  | { kind: 'mlflowData'; target: string; folder: boolean };

export interface BackendLabel {
  /** Status bar text, with a `$(codicon)`. */
  text: string;
  tooltip: string;
}

const clickHint = 'Click to switch: embedded store, MLflow server, or existing MLflow data.';

const embeddedStates: Record<Extract<BackendDescription, { kind: 'embedded' }>['state'], string> = {
  noConfig: 'no mlops.yaml in this workspace',
  missing: 'no runs recorded yet',
  open: 'read from a snapshot, following new runs',
  error: 'cannot be read (see MLOps: Show Log)',
};

const authWords: Record<AuthKind, string> = { token: 'bearer token', basic: 'username and password', none: 'no credentials' };

export function backendLabel(backend: BackendDescription): BackendLabel {
  switch (backend.kind) {
    case 'embedded':
      return {
        text: '$(database) Embedded',
        tooltip: lines(`Embedded store${backend.dir === undefined ? '' : ` ${backend.dir}`}`, embeddedStates[backend.state]),
      };
    case 'remote':
      return { text: `$(cloud) ${serverShortName(backend.url)}`, tooltip: lines(`MLflow server ${backend.url}`, `Signed in with: ${authWords[backend.auth]}`) };
    case 'mlflowData':
      return {
        text: `$(${backend.folder ? 'folder' : 'file'}) ${path.basename(backend.target)} (read only)`,
        tooltip: lines(`MLflow data ${backend.target}`, 'Read only: the workbench never writes to it'),
      };
  }
}

/** `host.example:5000`, plus the path when the server lives under one (`host.example/mlflow`). */
export function serverShortName(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

const lines = (...parts: string[]): string => [...parts, clickHint].join('\n');
