import * as path from 'node:path';
import type { PipelineConfig, Stage } from '../config/pipelineConfig';
import type { PipelineLedger } from '../store/embeddedStore';
import type { Metric, RunStatus, TrackingStore } from '../store/types';
import type { DigestCache } from './digests';
import type { GateResult } from './gates';
import { MetricsTail } from './metricsTail';
import type { Registration } from './pipelineGates';
import { recordStageLineage, StageLog } from './pipelineLineage';
import { runTag } from './runTags';
import type { StageHistory } from './stageHistory';
import { runStageProcess, stageEnv, type TrackingEnv } from './stageProcess';
import { currentInputs, type StageFingerprint, type StageState, type SuccessfulExecution } from './stageState';

// One stage of a pipeline run, as an MLflow run under the pipeline run: either executed (its
// command as a child process, params logged, metrics files tailed, outputs' digests recorded when
// it succeeds) or, when up to date, recorded as cached: a FINISHED child run tagged
// `mlops.cached_from` with the run that produced the outputs, and a CACHED row in the ledger.
// Only a FINISHED execution records a fingerprint: a failed or killed one leaves the stage to run again.
// Lineage: every stage run gets the pipeline's git and environment tags; an executed one keeps its
// output as `logs/stage.log`, and once FINISHED its deps, outs and edges (pipelineLineage.ts).

export interface StageResult {
  stage: string;
  runId: string;
  status: RunStatus;
  exitCode: number | null;
  /** The latest value of each metric on the stage's run (for a cached stage, on the run it reused). */
  metrics: Record<string, number>;
  /** Why it ran; empty for a cached stage. */
  reasons: string[];
  /** Set when the stage was up to date: the run whose outputs were reused. */
  cachedFrom?: string;
}

export type RunnerEvent =
  | { kind: 'pipelineStarted'; runId: string; stages: string[] }
  | { kind: 'stageStarted'; stage: string; runId: string; reasons: string[] }
  | { kind: 'stageSkipped'; stage: string; runId: string; cachedFrom: string }
  | { kind: 'output'; stage: string; chunk: string }
  | { kind: 'metric'; stage: string; runId: string; points: Metric[] }
  | { kind: 'stageEnded'; stage: string; runId: string; status: RunStatus; exitCode: number | null; metrics: number }
  /** `stage` is '' for a warning about the pipeline run as a whole (e.g. no git lineage). */
  | { kind: 'warning'; stage: string; message: string }
  /** A gate checked after `stage` (whose run is `runId`); `reusedFrom`: the result was recorded on that run, whose outputs the cached stage reused. */
  | { kind: 'gateChecked'; gate: string; stage: string; runId: string; passed: boolean; reusedFrom?: string; result: GateResult }
  | ({ kind: 'registration' } & Registration)
  | { kind: 'pipelineEnded'; runId: string; status: RunStatus };

/** What every stage of one pipeline run shares. */
export interface StageRunContext {
  config: PipelineConfig;
  store: TrackingStore & Partial<PipelineLedger>;
  experimentId: string;
  pipelineRunId: string;
  digests: DigestCache;
  history: StageHistory;
  /** Lineage tags every stage run gets (git commit, branch, environment). */
  stageTags: Record<string, string>;
  tracking?: TrackingEnv;
  signal?: AbortSignal;
  killGraceMs?: number;
  /** Milliseconds between looks at the metrics files while a stage runs (default 500). */
  metricsPollMs?: number;
  emit: (event: RunnerEvent) => void;
}

const METRICS_PER_BATCH = 1000;

export async function runStage(ctx: StageRunContext, stage: Stage, state: StageState): Promise<StageResult> {
  const { store, pipelineRunId } = ctx;
  const startedAt = Date.now();
  const why = state.reasons.join('; ');
  const run = await store.createRun({
    experimentId: ctx.experimentId,
    runName: stage.name,
    startTime: startedAt,
    tags: { ...ctx.stageTags, [runTag.parentRunId]: pipelineRunId, [runTag.stage]: stage.name, [runTag.sourceName]: stage.cmd, [runTag.sourceType]: 'PROJECT', [runTag.reason]: why },
  });
  const runId = run.runId;
  ctx.emit({ kind: 'stageStarted', stage: stage.name, runId, reasons: state.reasons });
  const say = (message: string) => ctx.emit({ kind: 'warning', stage: stage.name, message });
  const log = new StageLog(run.artifactUri, say);
  const record = (status: string, endedAt: number | null, exitCode: number | null, reason: string | null, fingerprint: StageFingerprint | null) =>
    store.recordStageExecution?.({ pipelineRunId, stage: stage.name, runId, status, reason, startedAt, endedAt, exitCode, cachedFrom: null, fingerprint: fingerprint && JSON.stringify(fingerprint) });
  await record('RUNNING', null, null, why, null);

  let exitCode: number | null = null;
  let status: RunStatus;
  let reason = why;
  let fingerprint: StageFingerprint | null = null;
  let followed: MetricsFollower | undefined;
  try {
    const inputs = state.inputs ?? currentInputs(ctx.config, stage, ctx.digests); // throws the params problem
    if (Object.keys(inputs.params).length > 0) await store.logBatch(runId, { params: Object.entries(inputs.params).map(([key, value]) => ({ key, value })) });
    const tails = (followed = new MetricsFollower(ctx, stage, runId));
    const outcome = await tails.during(() =>
      runStageProcess(stage, {
        root: ctx.config.root,
        env: stageEnv(stage, { runId, pipelineRunId, experimentId: ctx.experimentId }, ctx.tracking),
        signal: ctx.signal,
        killGraceMs: ctx.killGraceMs,
        onOutput: (chunk) => {
          log.write(chunk);
          ctx.emit({ kind: 'output', stage: stage.name, chunk });
        },
      }),
    );
    exitCode = outcome.exitCode;
    status = outcome.killed ? 'KILLED' : exitCode === 0 ? 'FINISHED' : 'FAILED';
    if (status === 'FAILED') reason = outcome.error ?? `exited with code ${exitCode}`;
    if (status === 'KILLED') reason = 'cancelled';
    await tails.finish(status === 'FINISHED');
    if (status === 'FINISHED') {
      const outs = Object.fromEntries(stage.outs.map((o) => [o, ctx.digests.digest(o) ?? null]));
      for (const [out, digest] of Object.entries(outs)) if (digest === null) say(`declared out ${out} was not written`);
      fingerprint = { ...inputs, outs };
    }
  } catch (err) {
    status = 'FAILED';
    reason = (err as Error).message;
    log.write(`${reason}\n`);
    ctx.emit({ kind: 'output', stage: stage.name, chunk: `${reason}\n` });
  }
  await log.close();
  if (status === 'FINISHED') await recordStageLineage(store, stage, run, ctx.digests, say);
  const endedAt = Date.now();
  await store.updateRun(runId, { status, endTime: endedAt });
  await record(status, endedAt, exitCode, reason, fingerprint);
  if (fingerprint) ctx.history.record(stage.name, { runId, endedAt, fingerprint });
  const metrics = await latestMetrics(store, runId, followed?.keys);
  ctx.emit({ kind: 'stageEnded', stage: stage.name, runId, status, exitCode, metrics: Object.keys(metrics).length });
  return { stage: stage.name, runId, status, exitCode, metrics, reasons: state.reasons };
}

/** Records an up-to-date stage as cached: a child run pointing at the run that produced its outputs. */
export async function recordCachedStage(ctx: StageRunContext, stage: Stage, last: SuccessfulExecution): Promise<StageResult> {
  const { store, pipelineRunId } = ctx;
  const at = Date.now();
  const run = await store.createRun({
    experimentId: ctx.experimentId,
    runName: stage.name,
    startTime: at,
    tags: {
      ...ctx.stageTags,
      [runTag.parentRunId]: pipelineRunId, [runTag.stage]: stage.name, [runTag.sourceName]: stage.cmd, [runTag.sourceType]: 'PROJECT',
      [runTag.cachedFrom]: last.runId, [runTag.reason]: 'up to date',
    },
  });
  const params = Object.entries(last.fingerprint.params);
  if (params.length > 0) await store.logBatch(run.runId, { params: params.map(([key, value]) => ({ key, value })) });
  await store.updateRun(run.runId, { status: 'FINISHED', endTime: at });
  await store.recordStageExecution?.({ pipelineRunId, stage: stage.name, runId: run.runId, status: 'CACHED', reason: 'up to date', startedAt: at, endedAt: at, exitCode: null, cachedFrom: last.runId, fingerprint: null });
  ctx.emit({ kind: 'stageSkipped', stage: stage.name, runId: run.runId, cachedFrom: last.runId });
  return { stage: stage.name, runId: run.runId, status: 'FINISHED', exitCode: null, metrics: await latestMetrics(store, last.runId), reasons: [], cachedFrom: last.runId };
}

/** The run's latest metric values: keys from metrics files first, in the order they came, then the rest. */
async function latestMetrics(store: TrackingStore, runId: string, first: Iterable<string> = []): Promise<Record<string, number>> {
  try {
    const latest = new Map((await store.getRun(runId)).data.metrics.map((m) => [m.key, m.value]));
    return Object.fromEntries([...new Set([...first, ...latest.keys()])].filter((k) => latest.has(k)).map((k) => [k, latest.get(k)!]));
  } catch {
    return {}; // the run that produced the outputs was deleted
  }
}

/** The stage's metrics files, tailed while it runs and read to the end when it stops. */
class MetricsFollower {
  private readonly tails: MetricsTail[];
  private readonly broken = new Set<MetricsTail>();
  /** Metric keys logged from the files, in the order they first came. */
  readonly keys = new Set<string>();

  constructor(
    private readonly ctx: StageRunContext,
    private readonly stage: Stage,
    private readonly runId: string,
  ) {
    this.tails = stage.metrics.map((file) => new MetricsTail(path.resolve(ctx.config.root, file)));
  }

  async during<T>(work: () => Promise<T>): Promise<T> {
    let polling: Promise<void> = Promise.resolve();
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      polling = this.poll().finally(() => (busy = false));
    }, this.ctx.metricsPollMs ?? 500);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      await polling;
    }
  }

  /** Reads what is left. For a stage that succeeded, an unreadable file is an error; otherwise a warning. */
  async finish(succeeded: boolean): Promise<void> {
    for (const tail of this.tails) {
      const file = path.relative(this.ctx.config.root, tail.file);
      if (!tail.written) {
        if (succeeded) this.ctx.emit({ kind: 'warning', stage: this.stage.name, message: `declared metrics file ${file} was not written` });
        continue;
      }
      try {
        await this.log(tail.finish());
      } catch (err) {
        if (succeeded) throw err;
        this.ctx.emit({ kind: 'warning', stage: this.stage.name, message: (err as Error).message });
      }
    }
  }

  private async poll(): Promise<void> {
    for (const tail of this.tails) {
      if (this.broken.has(tail)) continue;
      try {
        await this.log(tail.poll());
      } catch (err) {
        this.broken.add(tail); // read again in full when the stage ends, which reports the problem
        this.ctx.emit({ kind: 'warning', stage: this.stage.name, message: (err as Error).message });
      }
    }
  }

  private async log(points: Metric[]): Promise<void> {
    for (let i = 0; i < points.length; i += METRICS_PER_BATCH) {
      const batch = points.slice(i, i + METRICS_PER_BATCH);
      for (const p of batch) this.keys.add(p.key);
      await this.ctx.store.logBatch(this.runId, { metrics: batch });
      this.ctx.emit({ kind: 'metric', stage: this.stage.name, runId: this.runId, points: batch });
    }
  }
}
