// The status bar item shown while a pipeline run goes on: what runs now; a click shows its terminal.
import * as vscode from 'vscode';
import { CommandId } from '../commands/commandIds';

export class RunStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('mlops.pipelineRun', vscode.StatusBarAlignment.Left, 9);
    this.item.name = 'MLOps Pipeline Run';
    this.item.command = CommandId.showPipelineOutput;
  }

  show(progress: string): void {
    this.item.text = `$(sync~spin) ${progress}`;
    this.item.tooltip = `MLOps pipeline run: ${progress}\nClick to show its output.`;
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
