import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { PipelineConfig, Stage } from '../config/pipelineConfig';
import { collectLineage } from '../lineage/collect';
import { lineageTag } from '../lineage/tags';
import type { AuditTrail } from '../store/audit';
import type { PipelineLedger } from '../store/embeddedStore';
import type { RunStatus, TrackingStore } from '../store/types';
import { selectStages, waitsWithin } from './dag';
import { DigestCache } from './digests';
import type { GateResult } from './gates';
import { PipelineGates, type AfterStage, type Registration } from './pipelineGates';
import { writeArtifacts } from './pipelineLineage';
import { runTag } from './runTags';
import { StageHistory, stateDirFor } from './stageHistory';
import type { TrackingEnv } from './stageProcess';
import { recordCachedStage, runStage, type RunnerEvent, type StageResult, type StageRunContext } from './stageRun';
import { stageState } from './stageState';

// Runs a pipeline: one pipeline run (the parent MLflow run), and for each selected stage a child run,
// executed or recorded as cached when up to date (stageState.ts decides, right before the stage
// would start, so a stage whose upstream re-ran but wrote the same outputs is still skipped).
//
// Scheduling: stages start in execution order as soon as every selected stage upstream of them has
// finished, up to `jobs` at a time. A stage that fails (or is killed) stops the stages downstream
// of it; independent branches go on to the end, as `make -k` does: what they produce is recorded and
// skipped next time, so after a fix only the failed branch runs again. Cancelling (the signal) kills
// the running stages (SIGTERM to each process group, SIGKILL after the grace period) and starts no
// more; the run ends KILLED. A failed gate (pipelineGates.ts) or `afterStage` may stop the
// pipeline: no more stages start, the running ones finish, and the run ends FAILED with `failedGate`.
// A FINISHED run then registers the model (mlops.yaml `register`); if registering throws, the run
// ends FAILED. Lineage (src/core/lineage/collect.ts): git and environment are read before the
// pipeline run is created and tag it and every stage run; a dirty tree's patch is its artifact.

export interface RunPipelineOptions {
  /** Stage names to run (default: all), with `downstream` also those depending on them. */
  stages?: string[];
  downstream?: boolean;
  /** Run the selected stages even when up to date. */
  force?: boolean;
  /** How many stages may run at once (default: the number of CPUs). */
  jobs?: number;
  signal?: AbortSignal;
  /** The REST server stages' mlflow code logs into (MLFLOW_TRACKING_URI and friends). Absent: not set. */
  tracking?: TrackingEnv;
  /** Where stages.json lives (default: the embedded store's folder, else `.mlops` beside mlops.yaml). */
  stateDir?: string;
  /** A digest cache to reuse (default: the project's `.mlops/digests.json`). */
  digests?: DigestCache;
  /** Receives the stages' stdout and stderr as they come (also sent as `output` events). */
  onOutput?: (stage: string, chunk: string) => void;
  onEvent?: (event: RunnerEvent) => void;
  /** Called when a stage has finished (run or cached) and its gates passed, before anything downstream starts. */
  afterStage?: (stage: Stage, result: StageResult) => Promise<AfterStage | void>;
  /** Milliseconds between SIGTERM and SIGKILL on cancel. */
  killGraceMs?: number;
  /** Milliseconds between looks at metrics files while a stage runs (default 500). */
  metricsPollMs?: number;
}

export interface PipelineResult {
  runId: string;
  experimentId: string;
  status: RunStatus;
  /** Stages executed or cached, in the order they ended. */
  stages: StageResult[];
  /** Stages not run: downstream of a failure, or left when the run was cancelled or stopped. */
  notRun: string[];
  /** The gate that stopped the pipeline (afterStage), if one did. */
  failedGate?: string;
  /** Why afterStage stopped the pipeline. */
  stopReason?: string;
  /** Every gate checked in this run, in the order they were. */
  gates: GateResult[];
  /** Set when the run FINISHED with the producer of `register.artifact` in it. */
  registration?: Registration;
  /** The commit the pipeline ran on; null outside git or before the first commit. */
  gitCommit: string | null;
}

export type { RunnerEvent, StageResult } from './stageRun';
export type { AfterStage, Registration } from './pipelineGates';

export async function runPipeline(config: PipelineConfig, store: TrackingStore & Partial<PipelineLedger & AuditTrail>, opts: RunPipelineOptions = {}): Promise<PipelineResult> {
  const plan = selectStages(config.stages, opts.stages ?? [], opts.downstream ?? false);
  const waits = waitsWithin(config.stages, plan);
  const jobs = opts.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`jobs must be a whole number of at least 1, got ${jobs}.`);
  const experimentId = (await store.getExperimentByName(config.experiment))?.experimentId ?? (await store.createExperiment(config.experiment));
  const stateDir = opts.stateDir ?? stateDirFor(config.root, store);
  const lineage = await collectLineage(config.root, { storeDir: stateDir });
  const gitCommit = lineage.stageTags[lineageTag.gitCommit] ?? null;
  const startedAt = Date.now();
  const configPath = path.basename(config.file);
  const parent = await store.createRun({
    experimentId,
    runName: `pipeline ${new Date(startedAt).toISOString().slice(0, 16).replace('T', ' ')}`,
    startTime: startedAt,
    tags: { ...lineage.pipelineTags, [runTag.pipelineRun]: 'true', [runTag.config]: configPath, [runTag.sourceName]: config.file, [runTag.sourceType]: 'PROJECT' },
  });
  await store.recordPipelineRun?.({ runId: parent.runId, configPath, startedAt, endedAt: null, status: 'RUNNING', gitCommit });
  const emit = (event: RunnerEvent) => {
    if (event.kind === 'output') opts.onOutput?.(event.stage, event.chunk);
    opts.onEvent?.(event);
  };
  emit({ kind: 'pipelineStarted', runId: parent.runId, stages: plan.map((s) => s.name) });
  const warn = (message: string) => emit({ kind: 'warning', stage: '', message });
  for (const note of lineage.notes) warn(note);
  await writeArtifacts(parent.artifactUri, lineage.artifacts, warn);

  const digests = opts.digests ?? DigestCache.forProject(config.root);
  const gates = new PipelineGates(config, store, plan, parent.runId, emit);
  const ctx: StageRunContext = {
    config, store, experimentId, pipelineRunId: parent.runId, digests, stageTags: lineage.stageTags,
    history: StageHistory.load(stateDir, store),
    tracking: opts.tracking, signal: opts.signal, killGraceMs: opts.killGraceMs, metricsPollMs: opts.metricsPollMs, emit,
  };

  const results: StageResult[] = [];
  const finished = new Set<string>(); // ended FINISHED and passed afterStage: dependents may start
  const failed = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let pending = [...plan];
  let stop: AfterStage | undefined;
  let fatal: unknown;

  const execute = async (stage: Stage): Promise<StageResult> => {
    const last = await ctx.history.last(stage.name);
    const state = stageState(config, stage, last, digests, { force: opts.force });
    return state.reasons.length === 0 && last ? recordCachedStage(ctx, stage, last) : runStage(ctx, stage, state);
  };
  const launch = (stage: Stage) => {
    const job = (async () => {
      try {
        const result = await execute(stage);
        results.push(result);
        if (result.status !== 'FINISHED') return void failed.add(stage.name);
        const verdict = (await gates.afterStage(stage, result)) ?? (await opts.afterStage?.(stage, result));
        if (verdict?.stop) stop ??= verdict;
        finished.add(stage.name);
      } catch (err) {
        failed.add(stage.name);
        fatal ??= err;
      }
    })().finally(() => running.delete(stage.name));
    running.set(stage.name, job);
  };

  try {
    for (;;) {
      if (!stop && fatal === undefined && !opts.signal?.aborted) {
        for (const stage of pending) {
          if (running.size >= jobs) break;
          const before = [...waits.get(stage.name)!];
          if (before.some((s) => failed.has(s))) pending = pending.filter((s) => s !== stage); // blocked for good
          else if (before.every((s) => finished.has(s))) {
            pending = pending.filter((s) => s !== stage);
            launch(stage);
          }
        }
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } finally {
    digests.save();
  }

  let status: RunStatus = opts.signal?.aborted ? 'KILLED' : failed.size > 0 || stop || fatal !== undefined ? 'FAILED' : 'FINISHED';
  const registration = status === 'FINISHED' ? await gates.register(experimentId, gitCommit) : undefined;
  if (registration?.error) status = 'FAILED';
  const endedAt = Date.now();
  await store.updateRun(parent.runId, { status, endTime: endedAt });
  await store.recordPipelineRun?.({ runId: parent.runId, configPath, startedAt, endedAt, status, gitCommit });
  emit({ kind: 'pipelineEnded', runId: parent.runId, status });
  if (fatal !== undefined) throw fatal;
  const done = new Set(results.map((r) => r.stage));
  return {
    runId: parent.runId, experimentId, status, stages: results, notRun: plan.filter((s) => !done.has(s.name)).map((s) => s.name),
    ...(stop ? { failedGate: stop.gate, stopReason: stop.reason } : {}),
    gates: gates.results, ...(registration ? { registration } : {}), gitCommit,
  };
}
