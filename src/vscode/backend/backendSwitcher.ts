// Switching the views to another backend. A server is asked first (with a progress notification):
// when it does not answer, or refuses the credentials, the active backend stays. What succeeded is
// remembered for the workspace, and restored when the editor opens it again.
import * as vscode from 'vscode';
import type { ActiveBackend } from './activeBackend';
import type { Backend } from './backend';
import { serverShortName } from './backendLabel';
import type { BackendMemory } from './backendMemory';
import { checkServer } from './connectionCheck';
import { describeConnectionError, type ProblemKind } from './connectionProblem';
import { MlflowDataBackend } from './mlflowDataBackend';
import { RemoteBackend, type ServerConnection } from './remoteBackend';

/** What a switch came to. `backend` is the status bar text of the backend now active. */
export type SwitchOutcome = { ok: true; backend: string } | { ok: false; problem: ProblemKind | 'cancelled'; message: string };

export class BackendSwitcher {
  constructor(
    private readonly active: ActiveBackend,
    private readonly memory: BackendMemory,
    private readonly embedded: () => Backend,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async connect(server: ServerConnection): Promise<SwitchOutcome> {
    await this.memory.rememberServer(server);
    const title = `Connecting to the MLflow server ${serverShortName(server.url)}…`;
    const problem = await withCancellableProgress(title, async () => {
      try {
        await checkServer(server.url, server.credentials);
        return undefined;
      } catch (error) {
        return describeConnectionError(error, server.url);
      }
    });
    if (problem === 'cancelled') return { ok: false, problem, message: `Connecting to ${server.url} was cancelled.` };
    if (problem !== undefined) {
      this.log.warn(`Not switching to ${server.url}: ${problem.message}`);
      return { ok: false, problem: problem.kind, message: problem.message };
    }
    await this.memory.storeCredentials(server.url, server.credentials);
    await this.memory.remember({ kind: 'remote', url: server.url, auth: server.auth });
    return this.use(new RemoteBackend(server));
  }

  async useEmbedded(): Promise<SwitchOutcome> {
    await this.memory.remember({ kind: 'embedded' });
    if (this.active.current.kind === 'embedded') {
      await this.active.refresh();
      return { ok: true, backend: this.active.current.label.text };
    }
    return this.use(this.embedded());
  }

  async openMlflowData(target: string): Promise<SwitchOutcome> {
    const opening = MlflowDataBackend.open(target, this.log);
    const opened = await withCancellableProgress(`Opening the MLflow data ${target}…`, () => opening.catch((error: unknown) => asError(error)));
    if (opened === 'cancelled') {
      void opening.then((late) => late.dispose(), () => undefined);
      return { ok: false, problem: 'cancelled', message: `Opening ${target} was cancelled.` };
    }
    if (opened instanceof Error) {
      this.log.warn(`Cannot open the MLflow data ${target}: ${opened.message}`);
      return { ok: false, problem: 'other', message: opened.message };
    }
    await this.memory.remember({ kind: 'mlflowData', target });
    return this.use(opened);
  }

  /** The backend this workspace used last; the embedded store when that cannot be opened. */
  async restore(): Promise<void> {
    const last = this.memory.backend;
    if (last.kind === 'remote') {
      const credentials = await this.memory.credentials(last.url);
      // No check: a server that is down shows as a message in the views, with a way to retry.
      this.use(new RemoteBackend({ url: last.url, auth: last.auth, credentials }));
    } else if (last.kind === 'mlflowData') {
      try {
        this.use(await MlflowDataBackend.open(last.target, this.log));
      } catch (error) {
        this.log.warn(`The MLflow data ${last.target} opened last time cannot be opened; using the embedded store`, error);
      }
    }
  }

  private use(next: Backend): SwitchOutcome {
    this.active.use(next);
    return { ok: true, backend: next.label.text };
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

async function withCancellableProgress<T>(title: string, task: () => Promise<T>): Promise<T | 'cancelled'> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
    Promise.race([task(), new Promise<'cancelled'>((resolve) => token.onCancellationRequested(() => resolve('cancelled')))]),
  );
}
