// The open run panels, one per run: opening a run that is already shown brings its panel forward.
import * as vscode from 'vscode';
import type { StoreReader } from '../backend/storeReader';
import { pickRun } from '../commands/pickRun';
import type { ModelsTreeElement } from '../trees/modelsTreeData';
import type { RunsTreeElement } from '../trees/runsTreeData';
import { RunPanel } from './runPanel';

export class RunPanels implements vscode.Disposable {
  private readonly panels = new Map<string, RunPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly session: StoreReader,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Opens the run a command was given: a run id, a Runs tree run element, or a Models tree version
   * element (its source run). Without one, asks with a quick pick.
   */
  async open(target?: unknown): Promise<void> {
    const runId = runIdOf(target) ?? (await pickRun(this.session.store));
    if (runId !== undefined) this.show(runId);
  }

  show(runId: string): void {
    const open = this.panels.get(runId);
    if (open !== undefined) return open.reveal();
    const panel = new RunPanel(runId, `Run ${runId.slice(0, 8)}`, this.extensionUri, this.session, this.log, (other) => this.show(other));
    this.panels.set(runId, panel);
    panel.onDidDispose(() => this.panels.delete(runId));
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

/** The run id a command target names; undefined when there is none. */
export function runIdOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target === '' ? undefined : target;
  // Commands also receive things that are not ours (a Uri from an editor menu): those have no `kind`.
  const element = target as RunsTreeElement | ModelsTreeElement | null | undefined;
  if (element?.kind === 'run') return element.run.info.runId;
  if (element?.kind === 'version') return element.version.runId === '' ? undefined : element.version.runId;
  return undefined;
}
