// The terminal a pipeline run streams into: a Pseudoterminal fed with the CLI's output. Closing it,
// or Ctrl+C in it, cancels the run. A terminal made for a task closes with the CLI's exit code when
// the run ends (the task system keeps it open for reading); the commands' terminal stays open and is
// reused by the next run.
import * as vscode from 'vscode';

const ctrlC = '\x03';

export interface RunTerminalOptions {
  /** Called once, when the terminal has opened: a task's run starts here. */
  onOpen?: () => void;
  /** Ctrl+C, or the terminal was closed while a run streams into it. */
  onCancel: () => void;
}

export class RunTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private opened = false;
  private closed = false;
  /** Written before the terminal opened: VS Code would drop it. */
  private pending: string[] = [];

  constructor(private readonly options: RunTerminalOptions) {}

  get isClosed(): boolean {
    return this.closed;
  }

  open(): void {
    this.opened = true;
    for (const text of this.pending.splice(0)) this.writeEmitter.fire(text);
    this.options.onOpen?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.options.onCancel();
  }

  handleInput(data: string): void {
    if (data.includes(ctrlC)) this.options.onCancel();
  }

  /** Terminal text: lines end with \r\n (terminalText.ts). */
  write(text: string): void {
    if (this.closed || text === '') return;
    if (this.opened) this.writeEmitter.fire(text);
    else this.pending.push(text);
  }

  /** Ends a task's terminal with the run's exit code. */
  end(exitCode: number): void {
    if (this.closed) return;
    this.closed = true;
    this.closeEmitter.fire(exitCode);
  }

  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
