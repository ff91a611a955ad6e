// What the workbench remembers per workspace about its backend: the kind, a server's URL and how
// it signs in (workspace state), and the server's credentials (the editor's SecretStorage, never
// settings, workspace state or logs).
import type * as vscode from 'vscode';
import type { MlflowCredentials } from '../../core/mlflow/client/http';
import type { AuthKind } from './backendLabel';

export type RememberedBackend =
  | { kind: 'embedded' }
  | { kind: 'remote'; url: string; auth: AuthKind }
  | { kind: 'mlflowData'; target: string };

export interface RememberedServer {
  url: string;
  auth: AuthKind;
}

const backendKey = 'mlops.backend';
/** The last server connected to, kept after switching back to the embedded store: it prefills the prompts. */
const serverKey = 'mlops.lastMlflowServer';
const secretKey = (url: string): string => `mlops.mlflowServer.credentials:${url}`;

export class BackendMemory {
  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {}

  get backend(): RememberedBackend {
    return this.workspaceState.get<RememberedBackend>(backendKey) ?? { kind: 'embedded' };
  }

  get lastServer(): RememberedServer | undefined {
    return this.workspaceState.get<RememberedServer>(serverKey);
  }

  /** The backend to restore when the workspace opens again. */
  async remember(backend: RememberedBackend): Promise<void> {
    await this.workspaceState.update(backendKey, backend);
    if (backend.kind === 'remote') await this.rememberServer({ url: backend.url, auth: backend.auth });
  }

  /** A server tried, whether or not it answered: the prompts offer it again. */
  async rememberServer(server: RememberedServer): Promise<void> {
    await this.workspaceState.update(serverKey, { url: server.url, auth: server.auth });
  }

  async credentials(url: string): Promise<MlflowCredentials> {
    const stored = await this.secrets.get(secretKey(url));
    if (stored === undefined) return {};
    try {
      const parsed = JSON.parse(stored) as MlflowCredentials;
      return { ...(parsed.token ? { token: parsed.token } : {}), ...(parsed.username !== undefined ? { username: parsed.username, password: parsed.password ?? '' } : {}) };
    } catch {
      return {};
    }
  }

  /** Keeps the credentials for `url`; none (auth `none`) removes what was kept. */
  async storeCredentials(url: string, credentials: MlflowCredentials): Promise<void> {
    if (credentials.token === undefined && credentials.username === undefined) await this.secrets.delete(secretKey(url));
    else await this.secrets.store(secretKey(url), JSON.stringify(credentials));
  }
}
