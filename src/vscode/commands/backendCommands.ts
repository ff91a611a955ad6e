// The backend commands' handlers: prompts (unless the caller passed what they ask for), the switch,
// and an error notification that offers the next step. Each returns the SwitchOutcome, or
// undefined when the user cancelled a prompt.
import * as vscode from 'vscode';
import type { ActiveBackend } from '../backend/activeBackend';
import type { BackendMemory } from '../backend/backendMemory';
import type { BackendSwitcher, SwitchOutcome } from '../backend/backendSwitcher';
import { chooseBackend } from './chooseBackend';
import type { BackendCommandHandlers } from './commandTable';
import { pickMlflowData } from './pickMlflowData';
import { serverFromArgument } from './serverArgument';
import { askForServer } from './serverPrompts';

const tryAgain = 'Try Again';

export class BackendCommands implements BackendCommandHandlers {
  constructor(
    private readonly switcher: BackendSwitcher,
    private readonly memory: BackendMemory,
    private readonly active: ActiveBackend,
  ) {}

  async connect(server?: unknown): Promise<SwitchOutcome | undefined> {
    const given = serverFromArgument(server);
    if (given !== undefined && 'error' in given) {
      void vscode.window.showErrorMessage(given.error);
      return { ok: false, problem: 'other', message: given.error };
    }
    const connection = given ?? (await askForServer(this.memory));
    if (connection === undefined) return undefined;
    const outcome = await this.switcher.connect(connection);
    if (!outcome.ok && outcome.problem !== 'cancelled') this.offerRetry(outcome.message, () => this.connect());
    return outcome;
  }

  useEmbedded(): Promise<SwitchOutcome> {
    return this.switcher.useEmbedded();
  }

  async openMlflowData(target?: unknown): Promise<SwitchOutcome | undefined> {
    const given = target instanceof vscode.Uri ? target.fsPath : typeof target === 'string' && target !== '' ? target : undefined;
    const path = given ?? (await pickMlflowData());
    if (path === undefined) return undefined;
    const outcome = await this.switcher.openMlflowData(path);
    if (!outcome.ok && outcome.problem !== 'cancelled') this.offerRetry(outcome.message, () => this.openMlflowData());
    return outcome;
  }

  choose(): Promise<void> {
    const { kind, label } = this.active.current;
    return chooseBackend({ kind, text: label.text });
  }

  /** Not awaited: the command's caller gets the outcome without waiting for the notification to close. */
  private offerRetry(message: string, retry: () => Promise<unknown>): void {
    void vscode.window.showErrorMessage(message, tryAgain).then((picked) => (picked === tryAgain ? retry() : undefined));
  }
}
