import type { Gate, PipelineConfig, Stage } from '../config/pipelineConfig';
import type { AuditTrail } from '../store/audit';
import type { TrackingStore } from '../store/types';
import { recordedGateResult, recordGateResult } from './gateRecord';
import { describeFailure } from './gateReport';
import { evaluateGate, type GateResult } from './gates';
import { registerModel } from './register';
import type { RunnerEvent, StageResult } from './stageRun';

// Gates and registration within one pipeline run (mlops.yaml `gates`, `register`):
// - After each stage that finished (ran or was cached), each gate checked after it: a stage that
//   ran is evaluated (gates.ts) on the finished stage runs in plan order; a cached stage reuses the
//   result recorded on the run whose outputs it reused (the same outputs, the same verdict) when
//   that result was taken with the gate as mlops.yaml states it now, else it is evaluated and the
//   result recorded on that run too. The result goes on the stage's run and the pipeline run
//   (gateRecord.ts). A failed gate stops the pipeline.
// - Once the pipeline run has FINISHED with the producer of `register.artifact` in it, the
//   artifact is registered (register.ts) with every gate result of this run; for a cached producer
//   the version's run is the one whose outputs were reused, so an unchanged run registers nothing new.

/** What registration did, or why it did not: the `registration` event and PipelineResult.registration. */
export interface Registration {
  model: string;
  registered: boolean;
  /** The version created, or the one already holding this artifact. */
  version?: string;
  alias?: string;
  /** What happened, or why nothing was registered. */
  message: string;
  /** Set when registering threw (the pipeline run then ends FAILED and the CLI exits 1). */
  error?: boolean;
}

/** What `afterStage` decides: `stop` ends the pipeline (e.g. a failed gate, named in `gate`). */
export interface AfterStage {
  stop: boolean;
  gate?: string;
  reason?: string;
}

export class PipelineGates {
  /** Every gate result of this pipeline run, in the order they were taken. */
  readonly results: GateResult[] = [];
  private readonly finished = new Map<string, StageResult>();

  constructor(
    private readonly config: PipelineConfig,
    private readonly store: TrackingStore & Partial<AuditTrail>,
    private readonly plan: Stage[],
    private readonly pipelineRunId: string,
    private readonly emit: (event: RunnerEvent) => void,
  ) {}

  /** Checks the gates that follow `stage`; stops the pipeline at the first that failed. */
  async afterStage(stage: Stage, result: StageResult): Promise<AfterStage | undefined> {
    this.finished.set(stage.name, result);
    let stop: AfterStage | undefined;
    for (const gate of this.config.gates.filter((g) => g.after === stage.name)) {
      const r = await this.check(gate, result);
      this.results.push(r);
      if (!r.passed) stop ??= { stop: true, gate: gate.name, reason: describeFailure(r) };
    }
    return stop;
  }

  /** Registers the model when the producer of its artifact finished in this (FINISHED) run. */
  async register(experimentId: string, gitCommit: string | null): Promise<Registration | undefined> {
    const register = this.config.register;
    const producer = register && this.finished.get(register.producer);
    if (!register || !producer) return undefined;
    let registration: Registration;
    try {
      const outcome = await registerModel(this.store, {
        config: this.config, experimentId, pipelineRunId: this.pipelineRunId, sourceRunId: producer.cachedFrom ?? producer.runId, gateResults: this.results, gitCommit,
      });
      registration = outcome.registered
        ? { model: register.model, registered: true, version: outcome.version.version, alias: outcome.alias, message: outcome.message }
        : { model: register.model, registered: false, ...(outcome.existing ? { version: outcome.existing.version } : {}), message: outcome.reason };
    } catch (err) {
      registration = { model: register.model, registered: false, message: `Registering '${register.model}' failed: ${(err as Error).message}`, error: true };
    }
    this.emit({ kind: 'registration', ...registration });
    return registration;
  }

  private async check(gate: Gate, result: StageResult): Promise<GateResult> {
    const reused = result.cachedFrom ? await this.recorded(result.cachedFrom, gate) : undefined;
    const r = reused ?? (await evaluateGate(gate, this.stageRuns(), this.store));
    await recordGateResult(this.store, r, [result.runId, this.pipelineRunId]);
    if (result.cachedFrom && !reused) {
      // So the next unchanged run reuses it; a run that is gone or deleted just goes without.
      await recordGateResult(this.store, r, [result.cachedFrom]).catch(() => undefined);
    }
    this.emit({ kind: 'gateChecked', gate: gate.name, stage: gate.after, runId: result.runId, passed: r.passed, ...(reused ? { reusedFrom: result.cachedFrom } : {}), result: r });
    return r;
  }

  /** The result recorded on `runId` for the gate as it is written now, if any. */
  private async recorded(runId: string, gate: Gate): Promise<GateResult | undefined> {
    const found = await recordedGateResult(this.store, runId, gate.name).catch(() => undefined);
    return found && sameGate(found, gate) ? found : undefined;
  }

  /** The finished stage runs in plan (topological) order. */
  private stageRuns(): { stage: string; runId: string }[] {
    return this.plan.filter((s) => this.finished.has(s.name)).map((s) => ({ stage: s.name, runId: this.finished.get(s.name)!.runId }));
  }
}

/** Whether a recorded result was taken with the gate's current requirements (metric, op, baseline, margin). */
function sameGate(result: GateResult, gate: Gate): boolean {
  return (
    result.after === gate.after &&
    result.requirements.length === gate.require.length &&
    gate.require.every((q, i) => {
      const r = result.requirements[i]!;
      return r.metric === q.metric && r.op === q.op && r.margin === q.margin && (r.baselineSource === q.baselineText || r.baselineSource.startsWith(`${q.baselineText} (`));
    })
  );
}
