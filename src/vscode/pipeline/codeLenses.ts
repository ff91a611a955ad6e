// Code lenses in mlops.yaml: "Run pipeline" at the top, "Run stage" and "Run stage and downstream"
// above each stage. In Restricted Mode they say that the workspace must be trusted first (their
// commands explain and offer to manage trust).
import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';
import { lensTargets, type LensTarget } from './lensTargets';
import { mayRunStages, untrustedMessage } from './workspaceTrust';

export const pipelineDocuments: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/mlops.yaml' }];

export class PipelineCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const trusted = mayRunStages();
    return lensTargets(document.getText()).flatMap((target) => {
      const position = document.positionAt(target.range.start);
      const range = new vscode.Range(position, position);
      return lensesFor(target, document.uri.fsPath, trusted).map((command) => new vscode.CodeLens(range, command));
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function lensesFor(target: LensTarget, file: string, trusted: boolean): vscode.Command[] {
  // The tooltip names the command line, and in Restricted Mode why nothing will run.
  const untrusted = trusted ? '' : ' (trust the workspace first)';
  const tooltip = (commandLine: string) => (trusted ? commandLine : `${commandLine}: ${untrustedMessage}`);
  if (target.kind === 'pipeline') {
    return [{ title: `$(run-all) Run pipeline${untrusted}`, command: CommandId.runPipeline, arguments: [{ file }], tooltip: tooltip('mlops run') }];
  }
  const arg = { file, stage: target.stage };
  return [
    { title: `$(play) Run stage${untrusted}`, command: CommandId.runStage, arguments: [arg], tooltip: tooltip(`mlops run ${target.stage}`) },
    ...(trusted ? [{ title: 'Run stage and downstream', command: CommandId.runStageAndDownstream, arguments: [arg], tooltip: `mlops run ${target.stage} --downstream` }] : []),
  ];
}
