// What one pipeline run is doing, folded from the runner's events: each planned stage's outcome so
// far, and the progress line ("Running train (2/3)"). Plain logic, no `vscode`.
import type { Registration } from '../../core/pipeline/pipelineGates';
import type { RunnerEvent } from '../../core/pipeline/runner';
import type { RunStatus } from '../../core/store/types';

export type StageOutcome =
  | { kind: 'queued' }
  | { kind: 'running'; reasons: string[] }
  | { kind: 'cached'; cachedFrom: string }
  | { kind: 'finished' }
  | { kind: 'failed'; exitCode: number | null }
  | { kind: 'killed' };

export class RunTracker {
  /** The stages the run will go through, in execution order (known once it started). */
  plan: string[] = [];
  readonly outcomes = new Map<string, StageOutcome>();
  runId: string | undefined;
  /** The pipeline run's status once it ended. */
  status: RunStatus | undefined;
  readonly warnings: string[] = [];
  /** Each gate checked so far, in order: whether it passed. */
  readonly gates = new Map<string, boolean>();
  /** What registration did, once it ran. */
  registration: Registration | undefined;

  /** Folds one event in; true when it changed a stage's outcome or the run's. */
  apply(event: RunnerEvent): boolean {
    switch (event.kind) {
      case 'pipelineStarted':
        this.runId = event.runId;
        this.plan = [...event.stages];
        for (const stage of event.stages) this.outcomes.set(stage, { kind: 'queued' });
        return true;
      case 'stageStarted':
        this.outcomes.set(event.stage, { kind: 'running', reasons: event.reasons });
        return true;
      case 'stageSkipped':
        this.outcomes.set(event.stage, { kind: 'cached', cachedFrom: event.cachedFrom });
        return true;
      case 'stageEnded':
        this.outcomes.set(event.stage, event.status === 'FINISHED' ? { kind: 'finished' } : event.status === 'KILLED' ? { kind: 'killed' } : { kind: 'failed', exitCode: event.exitCode });
        return true;
      case 'gateChecked':
        this.gates.set(event.gate, event.passed);
        return true;
      case 'registration': {
        const { kind: _, ...registration } = event;
        this.registration = registration;
        return true;
      }
      case 'pipelineEnded':
        this.status = event.status;
        return true;
      case 'warning':
        this.warnings.push(event.stage ? `${event.stage}: ${event.message}` : event.message);
        return false;
      case 'output':
      case 'metric':
        return false;
    }
  }

  /** Stages that have ended (run, cached, failed or killed). */
  get done(): number {
    return [...this.outcomes.values()].filter((o) => o.kind !== 'queued' && o.kind !== 'running').length;
  }

  get running(): string[] {
    return this.plan.filter((stage) => this.outcomes.get(stage)?.kind === 'running');
  }

  /** "Running train (2/3)"; with parallel stages "Running a, b (3/5)": the count is of stages started. */
  get progressMessage(): string {
    if (this.plan.length === 0) return 'Starting…';
    const running = this.running;
    const started = this.done + running.length;
    if (running.length > 0) return `Running ${running.join(', ')} (${started}/${this.plan.length})`;
    if (this.status !== undefined) return `Pipeline run ${this.status.toLowerCase()}`;
    return this.done === this.plan.length ? 'Finishing…' : `Checking stages (${this.done}/${this.plan.length} done)`;
  }

  /** Stages that failed or were killed, with how. */
  get failures(): { stage: string; outcome: Extract<StageOutcome, { kind: 'failed' | 'killed' }> }[] {
    return this.plan.flatMap((stage) => {
      const outcome = this.outcomes.get(stage);
      return outcome?.kind === 'failed' || outcome?.kind === 'killed' ? [{ stage, outcome }] : [];
    });
  }
}
