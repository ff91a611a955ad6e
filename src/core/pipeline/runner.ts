import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { PipelineConfig, Stage } from '../config/pipelineConfig';
import type { PipelineLedger } from '../store/embeddedStore';
import type { Metric, RunStatus, TrackingStore } from '../store/types';
import { selectStages } from './dag';
import { readMetricsFile } from './metricsFiles';
import { readParams } from './params';
import { runTag } from './runTags';

// Runs a pipeline's stages in dependency order as real child processes, one at a time, recording a
// pipeline run (the parent MLflow run) with one child run per stage: params, metrics files, status.
// A failing stage ends FAILED and its dependents do not run. Cancelling (the signal) sends SIGTERM
// to the stage's process group, SIGKILL after a grace period, and ends the run KILLED.

export interface RunPipelineOptions {
  stages?: string[];
  downstream?: boolean;
  signal?: AbortSignal;
  /** Receives the stages' stdout and stderr as they come. */
  onOutput?: (stage: string, chunk: string) => void;
  onEvent?: (event: RunnerEvent) => void;
  /** Milliseconds between SIGTERM and SIGKILL on cancel. */
  killGraceMs?: number;
}

export type RunnerEvent =
  | { kind: 'pipelineStarted'; runId: string; stages: string[] }
  | { kind: 'stageStarted'; stage: string; runId: string }
  | { kind: 'stageEnded'; stage: string; runId: string; status: RunStatus; exitCode: number | null; metrics: number }
  | { kind: 'warning'; stage: string; message: string };

export interface StageResult {
  stage: string;
  runId: string;
  status: RunStatus;
  exitCode: number | null;
  /** The latest value of each metric the stage logged. */
  metrics: Record<string, number>;
}

export interface PipelineResult {
  runId: string;
  experimentId: string;
  status: RunStatus;
  stages: StageResult[];
  /** Stages not run because one before them failed or the run was cancelled. */
  notRun: string[];
}

const METRICS_PER_BATCH = 1000;

export async function runPipeline(config: PipelineConfig, store: TrackingStore & Partial<PipelineLedger>, opts: RunPipelineOptions = {}): Promise<PipelineResult> {
  const plan = selectStages(config.stages, opts.stages ?? [], opts.downstream ?? false);
  const experimentId = (await store.getExperimentByName(config.experiment))?.experimentId ?? (await store.createExperiment(config.experiment));
  const startedAt = Date.now();
  const configPath = path.basename(config.file);
  const parent = await store.createRun({
    experimentId,
    runName: `pipeline ${new Date(startedAt).toISOString().slice(0, 16).replace('T', ' ')}`,
    startTime: startedAt,
    tags: { [runTag.pipelineRun]: 'true', [runTag.config]: configPath, [runTag.sourceName]: config.file, [runTag.sourceType]: 'PROJECT' },
  });
  await store.recordPipelineRun?.({ runId: parent.runId, configPath, startedAt, endedAt: null, status: 'RUNNING', gitCommit: null });
  opts.onEvent?.({ kind: 'pipelineStarted', runId: parent.runId, stages: plan.map((s) => s.name) });

  const results: StageResult[] = [];
  let status: RunStatus = 'FINISHED';
  for (const stage of plan) {
    if (opts.signal?.aborted) {
      status = 'KILLED';
      break;
    }
    const result = await runStage(config, stage, store, experimentId, parent.runId, opts);
    results.push(result);
    if (result.status !== 'FINISHED') {
      status = result.status;
      break;
    }
  }
  const endedAt = Date.now();
  await store.updateRun(parent.runId, { status, endTime: endedAt });
  await store.recordPipelineRun?.({ runId: parent.runId, configPath, startedAt, endedAt, status, gitCommit: null });
  const ran = new Set(results.map((r) => r.stage));
  return { runId: parent.runId, experimentId, status, stages: results, notRun: plan.filter((s) => !ran.has(s.name)).map((s) => s.name) };
}

async function runStage(
  config: PipelineConfig, stage: Stage, store: TrackingStore & Partial<PipelineLedger>, experimentId: string, pipelineRunId: string, opts: RunPipelineOptions,
): Promise<StageResult> {
  const startedAt = Date.now();
  const run = await store.createRun({
    experimentId,
    runName: stage.name,
    startTime: startedAt,
    tags: { [runTag.parentRunId]: pipelineRunId, [runTag.stage]: stage.name, [runTag.sourceName]: stage.cmd, [runTag.sourceType]: 'PROJECT' },
  });
  opts.onEvent?.({ kind: 'stageStarted', stage: stage.name, runId: run.runId });
  const record = (status: string, endedAt: number | null, exitCode: number | null, reason: string | null) =>
    store.recordStageExecution?.({ pipelineRunId, stage: stage.name, runId: run.runId, status, reason, startedAt, endedAt, exitCode });
  await record('RUNNING', null, null, null);

  let exitCode: number | null = null;
  let status: RunStatus;
  let reason: string | null = null;
  const metrics: Record<string, number> = {};
  try {
    if (stage.params.length > 0) {
      if (!config.paramsFile) throw new Error(`Stage '${stage.name}' uses params but mlops.yaml names no params file.`);
      await store.logBatch(run.runId, { params: readParams(path.resolve(config.root, config.paramsFile), stage.params) });
    }
    const outcome = await runCommand(stage, config.root, run.runId, pipelineRunId, opts);
    exitCode = outcome.exitCode;
    status = outcome.killed ? 'KILLED' : exitCode === 0 ? 'FINISHED' : 'FAILED';
    if (status === 'FAILED') reason = outcome.error ?? `exited with code ${exitCode}`;
    if (status === 'KILLED') reason = 'cancelled';
    if (status === 'FINISHED') {
      for (const m of await ingestMetrics(config.root, stage, run.runId, store, opts)) metrics[m.key] = m.value;
    }
  } catch (err) {
    status = 'FAILED';
    reason = (err as Error).message;
    opts.onOutput?.(stage.name, `${reason}\n`);
  }
  const endedAt = Date.now();
  await store.updateRun(run.runId, { status, endTime: endedAt });
  await record(status, endedAt, exitCode, reason);
  opts.onEvent?.({ kind: 'stageEnded', stage: stage.name, runId: run.runId, status, exitCode, metrics: Object.keys(metrics).length });
  return { stage: stage.name, runId: run.runId, status, exitCode, metrics };
}

/** Reads every declared metrics file and logs its points; returns each key's last point. */
async function ingestMetrics(root: string, stage: Stage, runId: string, store: TrackingStore, opts: RunPipelineOptions): Promise<Metric[]> {
  const latest = new Map<string, Metric>();
  for (const file of stage.metrics) {
    const full = path.resolve(root, file);
    if (!existsSync(full)) {
      opts.onEvent?.({ kind: 'warning', stage: stage.name, message: `declared metrics file ${file} was not written` });
      continue;
    }
    const points = readMetricsFile(full);
    for (let i = 0; i < points.length; i += METRICS_PER_BATCH) await store.logBatch(runId, { metrics: points.slice(i, i + METRICS_PER_BATCH) });
    for (const p of points) {
      const best = latest.get(p.key);
      if (!best || p.step >= best.step) latest.set(p.key, p);
    }
  }
  return [...latest.values()];
}

interface CommandOutcome {
  exitCode: number | null;
  killed: boolean;
  error?: string;
}

function runCommand(stage: Stage, cwd: string, runId: string, pipelineRunId: string, opts: RunPipelineOptions): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    // Its own process group (detached), so cancelling reaches every process the command starts.
    const child = spawn(stage.cmd, {
      cwd: path.resolve(cwd, stage.wdir ?? '.'),
      shell: true,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...stage.env, MLOPS_STAGE: stage.name, MLOPS_RUN_ID: runId, MLOPS_PIPELINE_RUN_ID: pipelineRunId, PYTHONUNBUFFERED: '1' },
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
    child.stdout.setEncoding('utf8').on('data', (d: string) => opts.onOutput?.(stage.name, d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => opts.onOutput?.(stage.name, d));
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
