// The Pipeline view's TreeDataProvider: the stages of the workspace's main pipeline with their
// state (stageRows.ts), redrawn when the status check or a run changes it.
import * as vscode from 'vscode';
import type { PipelineRuns } from './pipelineRuns';
import type { PipelineStatusSource } from './pipelineStatusSource';
import { pipelineTreeItem, type PipelineNotice } from './pipelineTreeItem';
import { stageRows, type StageRow } from './stageRows';

export type PipelineTreeElement = StageRow | PipelineNotice;

const problemsCommand = 'workbench.actions.view.problems';

export class PipelineTreeProvider implements vscode.TreeDataProvider<PipelineTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PipelineTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly status: PipelineStatusSource,
    private readonly runs: PipelineRuns,
  ) {
    this.subscriptions = [status.onDidChange(() => this.refresh()), runs.onDidChange(() => this.refresh())];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(element: PipelineTreeElement): vscode.TreeItem {
    return pipelineTreeItem(element);
  }

  getChildren(element?: PipelineTreeElement): PipelineTreeElement[] {
    if (element !== undefined) return [];
    const state = this.status.current;
    switch (state.kind) {
      case 'none':
        return []; // the view's welcome content says what to do
      case 'checking':
        return [{ kind: 'notice', text: 'Checking which stages are up to date…', icon: 'loading~spin' }];
      case 'invalid':
        return [
          { kind: 'notice', text: `mlops.yaml does not validate: ${firstLine(state.message)}`, icon: 'error', tooltip: state.message, command: { command: 'vscode.open', title: 'Open mlops.yaml', arguments: [vscode.Uri.file(state.file)] } },
          { kind: 'notice', text: 'Show Problems', icon: 'warning', command: { command: problemsCommand, title: 'Show Problems' } },
        ];
      case 'error':
        return [{ kind: 'notice', text: `Cannot check the pipeline: ${firstLine(state.message)}`, icon: 'error', tooltip: state.message }];
      case 'ready': {
        const run = this.runs.current;
        const ours = run !== undefined && run.request.file === state.file;
        return stageRows({
          file: state.file,
          statuses: state.statuses,
          cmds: new Map(state.config.stages.map((stage) => [stage.name, stage.cmd])),
          outcomes: ours ? run.tracker.outcomes : undefined,
          running: ours && run.running,
        });
      }
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
