// The pipeline commands' handlers: Run Pipeline, Run Stage…, Run Stage and Downstream, Show
// Pipeline Status, Cancel Pipeline Run, Refresh Pipeline Status, Show Pipeline Output. A run's
// handler resolves with its RunOutcome when it ends (undefined when nothing ran).
import * as vscode from 'vscode';
import type { StageStatus } from '../../core/pipeline/status';
import type { PipelineCommandHandlers } from '../commands/commandTable';
import { ViewId } from '../viewIds';
import { commandTarget } from './commandTargets';
import { currentPipelineFile, storeFor } from './pipelineFiles';
import { RunRefused, type PipelineRuns } from './pipelineRuns';
import type { PipelineStatusSource } from './pipelineStatusSource';
import type { RunOutcome } from './runOutcome';
import type { RunRequest } from './runRequest';
import { pickStage } from './stagePick';
import { checkStatus, type StatusCheck } from './statusCheck';
import { explainUntrusted, mayRunStages } from './workspaceTrust';

const noPipeline = 'No mlops.yaml in this workspace: add one to describe the pipeline.';
const runAnyway = 'Run Anyway';
const showProblems = 'Show Problems';

export class PipelineCommands implements PipelineCommandHandlers {
  constructor(
    private readonly runs: PipelineRuns,
    private readonly status: PipelineStatusSource,
  ) {}

  async runPipeline(arg?: unknown): Promise<RunOutcome | undefined> {
    if (!mayRunStages()) return explainUntrusted();
    const file = commandTarget(arg).file ?? (await currentPipelineFile());
    if (file === undefined) return void vscode.window.showInformationMessage(noPipeline);
    return this.start({ file, stages: [], downstream: false });
  }

  async runStage(arg?: unknown, downstream = false): Promise<RunOutcome | undefined> {
    if (!mayRunStages()) return explainUntrusted();
    const target = commandTarget(arg);
    const file = target.file ?? (await currentPipelineFile());
    if (file === undefined) return void vscode.window.showInformationMessage(noPipeline);
    const check = await this.check(file);
    if (check.kind !== 'ready') return this.cannotCheck(check);
    const stage = target.stage ?? (await pickStage(check.statuses, downstream));
    if (stage === undefined) return undefined;
    const status = check.statuses.find((s) => s.name === stage);
    if (status === undefined) return void vscode.window.showErrorMessage(`There is no stage '${stage}' in ${vscode.workspace.asRelativePath(file)}. Stages: ${check.statuses.map((s) => s.name).join(', ')}.`);
    let force = false;
    if (!downstream && status.state === 'up-to-date') {
      const picked = await vscode.window.showInformationMessage(`Stage ${stage} is up to date: nothing it depends on changed since its last successful run.`, runAnyway);
      if (picked !== runAnyway) return undefined;
      force = true;
    }
    return this.start({ file, stages: [stage], downstream, force });
  }

  async showStatus(): Promise<void> {
    await vscode.commands.executeCommand(`${ViewId.pipeline}.focus`);
    await this.status.refresh();
    const state = this.status.current;
    if (state.kind === 'none') return void vscode.window.showInformationMessage(noPipeline);
    if (state.kind !== 'ready') return state.kind === 'checking' ? undefined : this.cannotCheck(state);
    const willRun = state.statuses.filter((s) => s.state === 'will-run');
    if (willRun.length === 0) return void vscode.window.showInformationMessage(`Every stage is up to date (${state.statuses.length}).`);
    void vscode.window.showInformationMessage(`${willRun.length} of ${state.statuses.length} stages will run: ${willRun.map(describe).join('; ')}.`);
  }

  cancel(): void {
    if (!this.runs.cancel()) void vscode.window.showInformationMessage('No pipeline run is going on.');
  }

  refresh(): Promise<void> {
    return this.status.refresh();
  }

  showOutput(): void {
    if (!this.runs.showOutput()) void vscode.window.showInformationMessage('No pipeline has run in this window yet.');
  }

  private async start(request: RunRequest): Promise<RunOutcome | undefined> {
    const store = await storeFor(request.file);
    try {
      return await this.runs.run(store.fromSetting ? { ...request, store: store.dir } : request);
    } catch (error) {
      if (!(error instanceof RunRefused)) throw error;
      if (error.reason === 'untrusted') return explainUntrusted();
      const [show, cancel] = ['Show Output', 'Cancel Run'];
      void vscode.window.showWarningMessage(error.message, show, cancel).then((picked) => {
        if (picked === show) this.runs.showOutput();
        if (picked === cancel) this.runs.cancel();
      });
      return undefined;
    }
  }

  /** The main pipeline's last check, or a check of another mlops.yaml made now. */
  private async check(file: string): Promise<StatusCheck> {
    const known = this.status.current;
    if (known.kind === 'ready' && known.file === file) return known;
    return checkStatus(file, (await storeFor(file)).dir);
  }

  private cannotCheck(check: Exclude<StatusCheck, { kind: 'ready' }>): undefined {
    if (check.kind === 'error') {
      void vscode.window.showErrorMessage(`Cannot check the pipeline in ${vscode.workspace.asRelativePath(check.file)}: ${check.message}`);
      return undefined;
    }
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(check.file)} does not validate, so no stage runs: ${check.message.split('\n')[0]}`, showProblems).then((picked) => {
      if (picked === showProblems) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return undefined;
  }
}

function describe(status: StageStatus): string {
  return `${status.name} (${status.reasons.join(', ')})`;
}
