// The Pipeline view's rows as plain data: one per stage in execution order, its state from the
// status check (up to date, or will run and why) overlaid with what a pipeline run is doing or last
// did to it. Plain logic, no `vscode`; pipelineTreeItem.ts draws a row.
import type { StageStatus } from '../../core/pipeline/status';
import type { StageOutcome } from './runTracker';

export type StageRowState = 'up-to-date' | 'will-run' | 'queued' | 'running' | 'cached' | 'failed' | 'killed';

export interface StageRow {
  kind: 'stage';
  /** The mlops.yaml the stage belongs to. */
  file: string;
  name: string;
  state: StageRowState;
  /** Shown beside the name. */
  description: string;
  /** Every reason, one per line, and the command. */
  tooltip: string;
  /** A codicon, and a theme color id for it. */
  icon: { id: string; color?: string };
}

export const stageContextValue = 'stage';

const icons: Record<StageRowState, StageRow['icon']> = {
  'up-to-date': { id: 'pass', color: 'testing.iconPassed' },
  'will-run': { id: 'circle-large-outline', color: 'charts.yellow' },
  queued: { id: 'clock' },
  running: { id: 'loading~spin' },
  cached: { id: 'pass', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  killed: { id: 'circle-slash', color: 'testing.iconFailed' },
};

export interface StageRowInput {
  file: string;
  /** From the last status check, in execution order. */
  statuses: StageStatus[];
  /** Each stage's command, for the tooltip. */
  cmds: Map<string, string>;
  /** What the current run is doing to each stage, or what the last one did; absent: no run yet. */
  outcomes?: Map<string, StageOutcome>;
  /** A pipeline run is going on. */
  running: boolean;
}

export function stageRows(input: StageRowInput): StageRow[] {
  return input.statuses.map((status) => {
    const { state, description, lines } = stateOf(status, input.outcomes?.get(status.name), input.running);
    const cmd = input.cmds.get(status.name);
    const tooltip = [`${status.name}: ${description}`, ...lines.map((line) => `• ${line}`), ...(cmd ? [`cmd: ${cmd}`] : [])].join('\n');
    return { kind: 'stage', file: input.file, name: status.name, state, description, tooltip, icon: icons[state] };
  });
}

function stateOf(status: StageStatus, outcome: StageOutcome | undefined, running: boolean): { state: StageRowState; description: string; lines: string[] } {
  const reasons = status.reasons;
  const plain = status.state === 'up-to-date' ? { state: 'up-to-date' as const, description: 'up to date', lines: [] } : { state: 'will-run' as const, description: `will run: ${reasons.join('; ')}`, lines: reasons };
  if (running) {
    switch (outcome?.kind) {
      case 'queued':
        return { ...plain, state: 'queued', description: `queued · ${plain.description}` };
      case 'running':
        return { state: 'running', description: `running: ${outcome.reasons.join('; ')}`, lines: outcome.reasons };
      case 'cached':
        return { state: 'cached', description: 'cached: up to date, outputs reused', lines: [`outputs of run ${outcome.cachedFrom}`] };
      default:
        break; // finished in this run, or not part of it: the status check says where it stands now
    }
  }
  // A failure stays shown until the stage is up to date again or another run starts.
  if (status.state === 'will-run' && outcome?.kind === 'failed') {
    return { state: 'failed', description: `failed${outcome.exitCode ? ` (exit code ${outcome.exitCode})` : ''} · ${plain.description}`, lines: reasons };
  }
  if (status.state === 'will-run' && outcome?.kind === 'killed') {
    return { state: 'killed', description: `cancelled · ${plain.description}`, lines: reasons };
  }
  return plain;
}
