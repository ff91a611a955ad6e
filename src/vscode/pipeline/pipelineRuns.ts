// Runs pipelines from the editor: one `mlops run` at a time (the CLI owns the store for its length),
// its output streamed into a terminal, its events into a RunTracker that the Pipeline view, the
// progress notification and the status bar item follow. Commands, code lenses and tasks all come here.
import * as vscode from 'vscode';
import type { RunnerEvent } from '../../core/pipeline/runner';
import { pipelineRunningContextKey } from '../viewIds';
import { PipelineProcess } from './pipelineProcess';
import { endMessage, outcomeOf, type RunOutcome } from './runOutcome';
import { cliInvocation, commandLine, describeRequest, type CliRuntime, type RunRequest } from './runRequest';
import { RunStatusBar } from './runStatusBar';
import { RunTerminal } from './runTerminal';
import { RunTracker } from './runTracker';
import { ansi, TerminalText, terminalLines } from './terminalText';
import { mayRunStages, untrustedMessage } from './workspaceTrust';

export class RunRefused extends Error {
  constructor(
    readonly reason: 'untrusted' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'RunRefused';
  }
}

/** The run going on, or the last one. */
export interface PipelineRunState {
  request: RunRequest;
  tracker: RunTracker;
  running: boolean;
}

const showOutput = 'Show Output';

export class PipelineRuns implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PipelineRunState>();
  /** Fires when a run starts, when one of its stages starts or ends, and when it ends. */
  readonly onDidChange = this.changed.event;
  private readonly ended = new vscode.EventEmitter<RunOutcome>();
  readonly onDidEnd = this.ended.event;
  private readonly statusBar = new RunStatusBar();
  private active: { cli: PipelineProcess; terminal: RunTerminal; cancelled: boolean } | undefined;
  private last: PipelineRunState | undefined;
  /** The terminal of runs started by commands and code lenses, reused while it stays open. */
  private shared: { terminal: vscode.Terminal; pty: RunTerminal } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly runtime: CliRuntime,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.statusBar,
      vscode.window.onDidCloseTerminal((terminal) => {
        if (terminal === this.shared?.terminal) this.shared = undefined;
      }),
    );
    void vscode.commands.executeCommand('setContext', pipelineRunningContextKey, false);
  }

  get current(): PipelineRunState | undefined {
    return this.last;
  }

  get isRunning(): boolean {
    return this.active !== undefined;
  }

  /**
   * Runs `mlops run` for the request and resolves when it has ended. Without a terminal (a task
   * brings its own) the output goes to the shared "MLOps Pipeline" terminal. Throws RunRefused in
   * an untrusted workspace or while another run goes on.
   */
  async run(request: RunRequest, terminal?: RunTerminal): Promise<RunOutcome> {
    if (!mayRunStages()) throw new RunRefused('untrusted', untrustedMessage);
    if (this.active) throw new RunRefused('busy', `A pipeline run (${describeRequest(this.last!.request)}) is going on; cancel it first, or wait for it to end.`);
    const pty = terminal ?? this.sharedTerminal();
    const tracker = new RunTracker();
    const state: PipelineRunState = { request, tracker, running: true };
    this.last = state;
    pty.write(terminalLines(`$ ${commandLine(request)}`, ansi.dim));
    const text = new TerminalText();
    let lastError: string | undefined;
    const cli = new PipelineProcess(cliInvocation(request, this.runtime), {
      onStdout: (chunk) => pty.write(text.push('stdout', chunk)),
      onStderr: (chunk) => {
        pty.write(text.push('stderr', chunk));
        lastError = chunk.split('\n').filter((line) => line.startsWith('mlops:')).pop() ?? lastError;
      },
      onEvent: (event) => this.apply(state, event),
      onBadEventLine: (line, why) => this.log.warn(`mlops run sent an event line that was skipped (${why}): ${line.slice(0, 200)}`),
    });
    const active = { cli, terminal: pty, cancelled: false };
    this.active = active;
    this.log.info(`Started ${commandLine(request)} (pid ${cli.pid ?? '?'}) in ${request.file}`);
    void vscode.commands.executeCommand('setContext', pipelineRunningContextKey, true);
    this.statusBar.show(tracker.progressMessage);
    this.changed.fire(state);
    void this.showProgress(state, cli.ended);

    const end = await cli.ended;
    pty.write(text.flush());
    if (end.error) pty.write(terminalLines(end.error, ansi.red));
    else if (end.exitCode !== 0) pty.write(terminalLines(`mlops exited with ${end.exitCode === null ? `signal ${end.signal}` : `code ${end.exitCode}`}`, ansi.dim));
    pty.write('\r\n');
    const outcome = outcomeOf(request, tracker, { exitCode: end.exitCode, cancelled: active.cancelled, error: end.error ?? lastError });
    this.active = undefined;
    state.running = false;
    this.statusBar.hide();
    void vscode.commands.executeCommand('setContext', pipelineRunningContextKey, false);
    this.log.info(`${commandLine(request)} ended: exit code ${end.exitCode ?? end.signal}, ${tracker.status ?? 'no pipeline run'}`);
    this.changed.fire(state);
    this.ended.fire(outcome);
    if (terminal) terminal.end(end.exitCode ?? 1);
    this.announce(outcome);
    return outcome;
  }

  /**
   * Cancels the run going on (SIGINT to the CLI: its stages are killed, the run ends KILLED); with
   * `from`, only when the run streams into that terminal. False when no such run goes on.
   */
  cancel(from?: RunTerminal): boolean {
    if (!this.active || (from !== undefined && this.active.terminal !== from)) return false;
    this.active.cancelled = true;
    this.active.terminal.write(terminalLines('Cancelling: the running stages are stopped…', ansi.yellow));
    this.active.cli.cancel();
    return true;
  }

  /** Shows the terminal of the run going on, or of the last one. False when there is none open. */
  showOutput(): boolean {
    if (this.shared && (this.active === undefined || this.active.terminal === this.shared.pty)) {
      this.shared.terminal.show();
      return true;
    }
    if (this.active === undefined) return false;
    // A task's terminal belongs to the task system, which shows it in the terminal panel.
    void vscode.commands.executeCommand('workbench.action.terminal.focus');
    return true;
  }

  private apply(state: PipelineRunState, event: RunnerEvent): void {
    if (event.kind === 'warning') this.log.warn(event.stage ? `stage ${event.stage}: ${event.message}` : event.message);
    if (!state.tracker.apply(event)) return;
    if (state.running) this.statusBar.show(state.tracker.progressMessage);
    this.changed.fire(state);
  }

  private sharedTerminal(): RunTerminal {
    if (this.shared && !this.shared.pty.isClosed) {
      this.shared.terminal.show(true);
      return this.shared.pty;
    }
    const pty: RunTerminal = new RunTerminal({ onCancel: () => void this.cancel(pty) });
    const terminal = vscode.window.createTerminal({ name: 'MLOps Pipeline', pty, iconPath: new vscode.ThemeIcon('run-all') });
    this.shared = { terminal, pty };
    terminal.show(true);
    return pty;
  }

  private showProgress(state: PipelineRunState, ended: Promise<unknown>): Thenable<void> {
    const title = `MLOps: ${describeRequest(state.request)}`;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => this.cancel());
      let reported = 0;
      const report = () => {
        const total = state.tracker.plan.length;
        const done = total === 0 ? 0 : (100 * state.tracker.done) / total;
        progress.report({ message: state.tracker.progressMessage, increment: done - reported });
        reported = done;
      };
      report();
      const subscription = this.onDidChange((changed) => (changed === state ? report() : undefined));
      try {
        await ended;
      } finally {
        subscription.dispose();
      }
    });
  }

  private announce(outcome: RunOutcome): void {
    const message = endMessage(outcome);
    if (message.severity === 'info') {
      vscode.window.setStatusBarMessage(`$(${outcome.exitCode === 0 ? 'check' : 'info'}) ${message.text}`, 8000);
      return;
    }
    const show = message.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(message.text, showOutput).then((picked) => (picked === showOutput ? this.showOutput() : undefined));
  }

  dispose(): void {
    this.active?.cli.cancel();
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
    this.changed.dispose();
    this.ended.dispose();
  }
}
