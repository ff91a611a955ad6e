// How a pipeline run ended, and what the editor says about it. Plain logic, no `vscode`.
import type { Registration } from '../../core/pipeline/pipelineGates';
import type { RunStatus } from '../../core/store/types';
import type { RunRequest } from './runRequest';
import { describeRequest } from './runRequest';
import type { RunTracker, StageOutcome } from './runTracker';

export interface RunOutcome {
  request: RunRequest;
  /** The CLI's exit code (0 ok, 1 a stage failed or another error, 2 usage, 3 a gate failed); null when a signal ended it. */
  exitCode: number | null;
  /** The pipeline run's status; undefined when no pipeline run started (a bad config, a store in use). */
  status?: RunStatus;
  /** The pipeline run (the parent MLflow run). */
  runId?: string;
  /** Each stage the run went through, as it ended. */
  stages: Record<string, StageOutcome['kind']>;
  /** Each gate checked: whether it passed. */
  gates: Record<string, boolean>;
  /** What registration did, when the pipeline has a `register` section and got that far. */
  registration?: Registration;
  cancelled: boolean;
  /** Why the CLI could not start, or its last error line. */
  error?: string;
}

export function outcomeOf(request: RunRequest, tracker: RunTracker, end: { exitCode: number | null; cancelled: boolean; error?: string }): RunOutcome {
  return {
    request,
    exitCode: end.exitCode,
    status: tracker.status,
    runId: tracker.runId,
    stages: Object.fromEntries([...tracker.outcomes].map(([stage, outcome]) => [stage, outcome.kind])),
    gates: Object.fromEntries(tracker.gates),
    ...(tracker.registration !== undefined ? { registration: tracker.registration } : {}),
    cancelled: end.cancelled,
    ...(end.error !== undefined ? { error: end.error } : {}),
  };
}

export interface EndMessage {
  severity: 'info' | 'warning' | 'error';
  text: string;
}

export function endMessage(outcome: RunOutcome): EndMessage {
  const what = describeRequest(outcome.request);
  const counts = Object.values(outcome.stages);
  if (outcome.cancelled || outcome.status === 'KILLED') return { severity: 'info', text: `Run of ${what} cancelled.` };
  if (outcome.exitCode === 0) {
    const cached = counts.filter((kind) => kind === 'cached').length;
    const ran = counts.filter((kind) => kind === 'finished').length;
    const registered = outcome.registration?.registered ? ` Registered ${outcome.registration.model} version ${outcome.registration.version}${outcome.registration.alias ? ` as @${outcome.registration.alias}` : ''}.` : '';
    return { severity: 'info', text: `Run of ${what} finished: ${plural(ran, 'stage')} ran, ${cached} up to date.${registered}` };
  }
  if (outcome.exitCode === 3) {
    const failed = Object.entries(outcome.gates).filter(([, passed]) => !passed).map(([gate]) => gate);
    const which = failed.length === 0 ? 'a gate' : `gate ${failed.join(', ')}`;
    return { severity: 'warning', text: `Run of ${what}: ${which} failed, so the model was not registered. The terminal shows each metric against its baseline.` };
  }
  const failed = Object.entries(outcome.stages).filter(([, kind]) => kind === 'failed').map(([stage]) => stage);
  if (failed.length > 0) return { severity: 'error', text: `Run of ${what} failed: ${failed.length === 1 ? `stage ${failed[0]}` : `stages ${failed.join(', ')}`} failed.` };
  return { severity: 'error', text: `Run of ${what} failed${outcome.error ? `: ${outcome.error.replace(/^mlops: /, '')}` : outcome.exitCode === null ? ' (the CLI was killed)' : ` (exit code ${outcome.exitCode})`}` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
