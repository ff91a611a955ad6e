// The status bar item that names the active tracking backend; a click offers the other ones.
import * as vscode from 'vscode';
import type { ActiveBackend } from './backend/activeBackend';
import type { Backend } from './backend/backend';
import { CommandId } from './commands/commandIds';

export class BackendStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(active: ActiveBackend) {
    this.item = vscode.window.createStatusBarItem('mlops.backend', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'MLOps Tracking Backend';
    this.item.command = CommandId.chooseBackend;
    this.show(active.current);
    this.subscription = active.onDidChange((backend) => this.show(backend));
    this.item.show();
  }

  private show(backend: Backend): void {
    const { text, tooltip } = backend.label;
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = backend.state === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
