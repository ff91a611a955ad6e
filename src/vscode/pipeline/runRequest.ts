// What the editor asks `mlops run` for, and the command line that asks it. Plain logic, no `vscode`.
import * as path from 'node:path';

export interface RunRequest {
  /** Absolute path of the mlops.yaml. */
  file: string;
  /** Stages to run; empty: the whole pipeline. */
  stages: string[];
  /** Also run every stage that depends on `stages`. */
  downstream: boolean;
  /** Run the stages even when up to date (`--force`). */
  force?: boolean;
  /** The store folder when the `mlops.store` setting names one (else the CLI's default, `.mlops` beside mlops.yaml). */
  store?: string;
}

/** How to start the bundled CLI: the node (or Electron) binary, its arguments, environment and folder. */
export interface CliInvocation {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** The fd the CLI writes its events to (src/cli/eventsPipe.ts): the first after stdin, stdout, stderr. */
export const eventsFd = 3;

export interface CliRuntime {
  /** dist/cli.js beside dist/extension.js. */
  cliPath: string;
  /** The binary running the extension host: node in code-server, Electron in desktop VS Code. */
  execPath: string;
  /** Set when execPath is Electron: it then runs scripts as plain node only with ELECTRON_RUN_AS_NODE=1. */
  electron: boolean;
}

export function cliInvocation(request: RunRequest, runtime: CliRuntime): CliInvocation {
  const args = [runtime.cliPath, 'run', ...request.stages];
  if (request.downstream) args.push('--downstream');
  if (request.force) args.push('--force');
  args.push('--file', request.file);
  if (request.store !== undefined) args.push('--store', request.store);
  const env: Record<string, string> = { MLOPS_EVENTS_FD: String(eventsFd) };
  if (runtime.electron) env.ELECTRON_RUN_AS_NODE = '1';
  return { command: runtime.execPath, args, cwd: path.dirname(request.file), env };
}

/** The command a user would type for the same run, shown at the top of the terminal. */
export function commandLine(request: RunRequest): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  const parts = ['mlops', ...(request.store !== undefined ? ['--store', request.store] : []), 'run', ...request.stages, ...(request.downstream ? ['--downstream'] : []), ...(request.force ? ['--force'] : [])];
  return parts.map(quote).join(' ');
}

/** "pipeline", "stage train", "train and downstream", "stages a, b": for titles and messages. */
export function describeRequest(request: Pick<RunRequest, 'stages' | 'downstream'>): string {
  if (request.stages.length === 0) return 'pipeline';
  const names = request.stages.join(', ');
  if (request.downstream) return `${names} and downstream`;
  return request.stages.length === 1 ? `stage ${names}` : `stages ${names}`;
}
