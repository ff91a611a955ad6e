// The Runs view's commands (src/vscode/commands/runsCommands.ts). Writes (delete, restore, register)
// go through the StoreWriter (src/vscode/backend/storeWriter.ts): the owner's REST server, the
// embedded store opened for the write, or the MLflow server; then the experiments they touched
// are read again. Each handler resolves with what it did, for scripts and the in-host tests.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { currentActor } from '../../core/pipeline/actor';
import { parseOrderBy } from '../../core/search/orderBy';
import { StoreError, type ModelVersion, type Run, type TrackingStore } from '../../core/store/types';
import type { StoreWriter } from '../backend/storeWriter';
import type { RunsCommandHandlers } from '../commands/runsCommands';
import { runNameOf } from '../trees/runLabels';
import type { RunsTreeElement } from '../trees/runsTree';
import type { RunsView } from '../trees/runsView';
import { localArtifactRoot } from './runArtifacts';
import { RunCommits, type CommitOutcome } from './runCommit';
import { registerFromRun, runsUri } from './registerFromRun';
import { isRegisterArguments, promptRegistration } from './registerPrompt';
import { planSearch, storeHasOr } from './runSearchPlan';
import { isRunIdsArgument, targetRun, targetRuns } from './runTargets';
import type { RunsSearchMemory } from './runsSearchMemory';
import { filterProblem, promptFilter, promptSort } from './searchPrompts';

/** What a search command came to: the search now active, or why not. */
export type SearchOutcome = { ok: true; filter: string; orderBy: string[] } | { ok: false; message: string; position?: number };

export type WriteOutcome = { ok: true; runIds: string[] } | { ok: false; message: string };

export type RegisterOutcome = { ok: true; version: ModelVersion } | { ok: false; message: string };

export class RunActions implements RunsCommandHandlers, vscode.Disposable {
  private readonly commits = new RunCommits();

  constructor(
    private readonly view: RunsView,
    private readonly memory: RunsSearchMemory,
    private readonly writer: StoreWriter,
    private readonly source: { readonly store: TrackingStore | undefined },
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private get store(): TrackingStore | undefined {
    return this.source.store;
  }

  private readonly selected = () => this.view.selectedRuns();

  /** A string argument is applied as the filter (an invalid one is refused with its position); none opens the filter box. */
  async filter(argument?: unknown): Promise<SearchOutcome> {
    const check = (filter: string): void => void planSearch(filter, this.store === undefined || storeHasOr(this.store));
    const search = this.view.search;
    let filter: string | undefined;
    if (typeof argument === 'string') {
      const problem = filterProblem(argument, check);
      if (problem !== undefined) {
        void vscode.window.showErrorMessage(`Invalid filter: ${problem.message}`);
        return { ok: false, ...problem };
      }
      filter = argument.trim();
    } else {
      filter = await promptFilter(search.filter, this.memory.recentFilters, check);
    }
    if (filter === undefined) return { ok: false, message: 'Cancelled.' };
    await this.view.setSearch({ ...search, filter });
    return { ok: true, filter, orderBy: search.orderBy };
  }

  /** A string or list of MLflow order_by entries is applied as the sort; none opens the sort pick. */
  async sort(argument?: unknown): Promise<SearchOutcome> {
    const search = this.view.search;
    let orderBy: string[] | undefined;
    if (typeof argument === 'string' || Array.isArray(argument)) {
      orderBy = (Array.isArray(argument) ? argument : [argument]).map(String);
      try {
        orderBy.forEach((entry, index) => parseOrderBy(entry, index));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`Invalid sort: ${message}`);
        return { ok: false, message };
      }
    } else {
      orderBy = await promptSort(this.view.provider.data.loadedRuns(), search.orderBy);
    }
    if (orderBy === undefined) return { ok: false, message: 'Cancelled.' };
    await this.view.setSearch({ ...search, orderBy });
    return { ok: true, filter: search.filter, orderBy };
  }

  async clearSearch(): Promise<SearchOutcome> {
    await this.view.setSearch({ filter: '', orderBy: [], showDeleted: false });
    return { ok: true, filter: '', orderBy: [] };
  }

  async toggleDeleted(): Promise<boolean> {
    const search = this.view.search;
    await this.view.setSearch({ ...search, showDeleted: !search.showDeleted });
    return !search.showDeleted;
  }

  /** The "Load more runs…" row passes itself; a caller may pass an experiment id. */
  async loadMore(target?: unknown): Promise<void> {
    const experimentId = typeof target === 'string' ? target : (target as Extract<RunsTreeElement, { kind: 'loadMore' }> | undefined)?.experimentId;
    if (typeof experimentId === 'string') await this.view.provider.loadMore(experimentId);
  }

  async copyRunIds(target?: unknown, selection?: unknown): Promise<string | undefined> {
    return this.copy(await targetRuns(this.store, target, selection, this.selected), (run) => run.info.runId, 'run ID');
  }

  async copyRunUris(target?: unknown, selection?: unknown): Promise<string | undefined> {
    return this.copy(await targetRuns(this.store, target, selection, this.selected), (run) => runsUri(run.info.runId), 'runs:/ URI');
  }

  /** The run's artifact folder in the OS file manager (desktop), else in the Explorer. */
  async revealArtifacts(target?: unknown): Promise<string | undefined> {
    const run = await targetRun(this.store, target, this.selected, 'Reveal Run Artifacts');
    if (run === undefined) return undefined;
    const folder = localArtifactRoot(run);
    if (folder === undefined) {
      void vscode.window.showInformationMessage(`The artifacts of run ${runNameOf(run)} are at ${run.info.artifactUri}, not in a folder on this machine.`);
      return undefined;
    }
    if (!existsSync(folder)) {
      void vscode.window.showInformationMessage(`Run ${runNameOf(run)} has no artifacts yet (${folder} does not exist).`);
      return undefined;
    }
    const uri = vscode.Uri.file(folder);
    const local = vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
    await vscode.commands.executeCommand(local || vscode.workspace.getWorkspaceFolder(uri) === undefined ? 'revealFileInOS' : 'revealInExplorer', uri);
    return folder;
  }

  async openCommit(target?: unknown): Promise<CommitOutcome | undefined> {
    const run = await targetRun(this.store, target, this.selected, "Open Run's Commit");
    return run === undefined ? undefined : this.commits.open(run);
  }

  /** `{ runIds, confirmed: true }` skips the confirmation. */
  async checkoutCommit(target?: unknown): Promise<CommitOutcome | undefined> {
    const run = await targetRun(this.store, target, this.selected, "Checkout Run's Commit");
    return run === undefined ? undefined : this.commits.checkout(run, confirmedIn(target));
  }

  /** `options`: `{ loggedModel }` or `{ artifact }`, and `model`, skip the prompts. */
  async registerModel(target?: unknown, options?: unknown): Promise<RegisterOutcome> {
    const store = this.store;
    const run = await targetRun(store, target, this.selected, 'Register Model from Run');
    if (run === undefined || store === undefined) return { ok: false, message: 'No run.' };
    const chosen = await promptRegistration(store, run, isRegisterArguments(options) ? options : {});
    if (chosen === undefined) return { ok: false, message: 'Cancelled.' };
    const actor = await currentActor(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
    let version: ModelVersion;
    try {
      version = await this.writer.write((writable) => registerFromRun(writable, { run, ...chosen, actor }));
    } catch (error) {
      return this.failed(`Cannot register a model from run ${runNameOf(run)}`, error);
    }
    await this.redraw([run.info.experimentId]);
    void vscode.window.showInformationMessage(`Registered '${version.name}' version ${version.version} from run ${runNameOf(run)}.`);
    return { ok: true, version };
  }

  /** `{ runIds, confirmed: true }` skips the confirmation. */
  deleteRuns(target?: unknown, selection?: unknown): Promise<WriteOutcome> {
    return this.lifecycle('delete', target, selection);
  }

  /** `{ runIds, confirmed: true }` skips the confirmation. */
  restoreRuns(target?: unknown, selection?: unknown): Promise<WriteOutcome> {
    return this.lifecycle('restore', target, selection);
  }

  private async lifecycle(action: 'delete' | 'restore', target: unknown, selection: unknown): Promise<WriteOutcome> {
    const runs = (await targetRuns(this.store, target, selection, this.selected)).filter((run) => (run.info.lifecycleStage === 'deleted') === (action === 'restore'));
    if (runs.length === 0) {
      const message = action === 'delete' ? 'No run to delete among those selected.' : 'No deleted run to restore among those selected: Show Deleted Runs lists them.';
      void vscode.window.showInformationMessage(message);
      return { ok: false, message };
    }
    const what = runs.length === 1 ? `run ${runNameOf(runs[0])}` : `${runs.length} runs`;
    if (!confirmedIn(target)) {
      const verb = action === 'delete' ? 'Delete' : 'Restore';
      const detail =
        action === 'delete'
          ? 'They are marked deleted, as MLflow deletes runs: "Show or Hide Deleted Runs" lists them, and Restore brings them back.'
          : 'They show among the runs again.';
      const names = runs.slice(0, 10).map(runNameOf).join(', ') + (runs.length > 10 ? `, and ${runs.length - 10} more` : '');
      const answer = await vscode.window.showWarningMessage(`${verb} ${what}?`, { modal: true, detail: `${names}\n\n${detail}` }, verb);
      if (answer !== verb) return { ok: false, message: 'Cancelled.' };
    }
    try {
      await this.writer.write(async (store) => {
        for (const run of runs) await (action === 'delete' ? store.deleteRun(run.info.runId) : store.restoreRun(run.info.runId));
      });
    } catch (error) {
      return this.failed(`Cannot ${action} ${what}`, error);
    }
    await this.redraw(runs.map((run) => run.info.experimentId));
    return { ok: true, runIds: runs.map((run) => run.info.runId) };
  }

  /** The written experiments read again; a failed read is the view's to show, the write is done. */
  private async redraw(experimentIds: string[]): Promise<void> {
    try {
      await this.view.provider.reloadExperiments(experimentIds);
    } catch (error) {
      this.log.warn('Reading the runs again after a write failed', error);
      this.view.provider.reset();
    }
  }

  private async copy(runs: Run[], text: (run: Run) => string, what: string): Promise<string | undefined> {
    if (runs.length === 0) return undefined;
    const copied = runs.map(text).join('\n');
    await vscode.env.clipboard.writeText(copied);
    vscode.window.setStatusBarMessage(`Copied ${runs.length === 1 ? `the ${what}` : `${runs.length} ${what}s`}`, 3000);
    return copied;
  }

  private failed(what: string, error: unknown): { ok: false; message: string } {
    const reason = error instanceof StoreError || error instanceof Error ? error.message : String(error);
    const message = `${what}: ${reason}`;
    this.log.error(what, error);
    void vscode.window.showErrorMessage(message);
    return { ok: false, message };
  }

  dispose(): void {
    this.commits.dispose();
  }
}

const confirmedIn = (target: unknown): boolean => isRunIdsArgument(target) && (target as { confirmed?: unknown }).confirmed === true;
