// One `mlops run` as a child process: its stdout and stderr as text, its events from the extra pipe
// (fd 3), cancel, and how it ended. No `vscode`: the editor's parts listen to it.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { RunnerEvent } from '../../core/pipeline/runner';
import type { CliInvocation } from './runRequest';
import { eventsFd } from './runRequest';
import { EventLineReader } from './runnerEvents';

export interface ProcessEnd {
  /** The CLI's exit code: 0 ok, 1 a stage failed (or another error), 2 usage, 3 a gate failed; null when a signal ended it. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  error?: string;
}

export interface ProcessListener {
  onStdout(text: string): void;
  onStderr(text: string): void;
  onEvent(event: RunnerEvent): void;
  onBadEventLine?(line: string, why: string): void;
}

/** After SIGINT the CLI kills its stages (SIGKILL after 5 s) and closes the store; past this it is killed. */
const killAfterMs = 30_000;
/**
 * Stage processes inherit fd 3 (Node cannot mark it close-on-exec), so a daemon a stage left behind
 * could hold the pipe open after the CLI exited; events written before the exit are read in this time.
 */
const eventsDrainMs = 500;

export class PipelineProcess {
  readonly ended: Promise<ProcessEnd>;
  private readonly child: ChildProcess;
  private cancelled = false;
  private exited = false;

  constructor(invocation: CliInvocation, listener: ProcessListener) {
    this.child = spawn(invocation.command, invocation.args, {
      cwd: invocation.cwd,
      env: { ...process.env, ...invocation.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const events = new EventLineReader(listener.onEvent, listener.onBadEventLine);
    const stdout = this.child.stdout!.setEncoding('utf8');
    const stderr = this.child.stderr!.setEncoding('utf8');
    const pipe = (this.child.stdio[eventsFd] as Readable).setEncoding('utf8');
    stdout.on('data', (text: string) => listener.onStdout(text));
    stderr.on('data', (text: string) => listener.onStderr(text));
    pipe.on('data', (text: string) => events.push(text));
    pipe.on('error', () => undefined);
    const eventsEnded = new Promise<void>((resolve) => pipe.once('close', resolve));
    const streamEnded = (stream: Readable) => new Promise<void>((resolve) => (stream.readableEnded || stream.destroyed ? resolve() : stream.once('close', resolve)));

    this.ended = new Promise<ProcessEnd>((resolve) => {
      this.child.once('error', (error) => {
        this.exited = true;
        resolve({ exitCode: null, signal: null, error: `could not start the mlops CLI (${invocation.command}): ${error.message}` });
      });
      this.child.once('exit', (exitCode, signal) => {
        this.exited = true;
        void (async () => {
          await Promise.all([streamEnded(stdout), streamEnded(stderr)]);
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([eventsEnded, new Promise<void>((done) => (timer = setTimeout(done, eventsDrainMs)))]);
          clearTimeout(timer);
          pipe.destroy();
          events.end();
          resolve({ exitCode, signal });
        })();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** SIGINT: the CLI kills its stages and ends the run KILLED. Once; SIGKILL if it has not exited after 30 s. */
  cancel(): void {
    if (this.exited || this.cancelled) return;
    this.cancelled = true;
    this.child.kill('SIGINT');
    const timer = setTimeout(() => {
      if (!this.exited) this.child.kill('SIGKILL');
    }, killAfterMs);
    timer.unref();
    void this.ended.then(() => clearTimeout(timer));
  }
}
