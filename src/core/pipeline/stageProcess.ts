import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Stage } from '../config/pipelineConfig';

// A stage's command as a real child process: `sh -c cmd` in the stage's wdir, in its own process
// group, so cancelling reaches everything it started: SIGTERM to the group, SIGKILL after the
// grace period, and SIGKILL to whatever of the group is left once the shell has exited.

/** Where a stage's mlflow code logs: the store's REST server (embedded owner or remote). */
export interface TrackingEnv {
  uri: string;
  token?: string;
}

export interface StageProcessOptions {
  root: string;
  env: Record<string, string>;
  signal?: AbortSignal;
  /** Milliseconds between SIGTERM and SIGKILL on cancel (default 5000). */
  killGraceMs?: number;
  onOutput: (chunk: string) => void;
}

export interface ProcessOutcome {
  exitCode: number | null;
  killed: boolean;
  error?: string;
}

/** The environment a stage's command gets on top of the runner's own. */
export function stageEnv(stage: Stage, ids: { runId: string; pipelineRunId: string; experimentId: string }, tracking: TrackingEnv | undefined): Record<string, string> {
  const env: Record<string, string> = { ...stage.env, MLOPS_STAGE: stage.name, MLOPS_RUN_ID: ids.runId, MLOPS_PIPELINE_RUN_ID: ids.pipelineRunId, PYTHONUNBUFFERED: '1' };
  if (tracking) {
    // mlflow.start_run() resumes MLFLOW_RUN_ID, so existing mlflow code logs into the stage's run.
    Object.assign(env, { MLFLOW_TRACKING_URI: tracking.uri, MLFLOW_EXPERIMENT_ID: ids.experimentId, MLFLOW_RUN_ID: ids.runId });
    if (tracking.token) env.MLFLOW_TRACKING_TOKEN = tracking.token;
  }
  return env;
}

export function runStageProcess(stage: Stage, opts: StageProcessOptions): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const child = spawn(stage.cmd, {
      cwd: path.resolve(opts.root, stage.wdir ?? '.'),
      shell: true,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env },
    });
    let killed = false;
    let error: string | undefined;
    const onAbort = () => {
      killed = true;
      signalGroup(child.pid, 'SIGTERM');
      setTimeout(() => signalGroup(child.pid, 'SIGKILL'), opts.killGraceMs ?? 5000).unref();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', opts.onOutput);
    child.stderr.setEncoding('utf8').on('data', opts.onOutput);
    child.on('error', (err) => (error = `could not start \`${stage.cmd}\`: ${err.message}`));
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (killed) signalGroup(child.pid, 'SIGKILL'); // no orphans left behind by the stage
      resolve({ exitCode: code, killed, error });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
