// A model version's gate results as the registry views read them: one line per gate recorded for
// it (on the version, its run or its pipeline run), and whether a target's protection lets it in.
// Plain functions, no `vscode`.
import type { RecordedGate } from '../../core/pipeline/gateRecord';
import { describeFailure } from '../../core/pipeline/gateReport';

export interface GateLine {
  gate: string;
  passed: boolean;
  /** `passed`, or `failed: auc 0.7 is not >= 0.805 (…)`. */
  text: string;
}

/** In gate name order. */
export function gateLines(recorded: Map<string, RecordedGate>): GateLine[] {
  return [...recorded.values()]
    .sort((a, b) => a.gate.localeCompare(b.gate))
    .map((r) => ({ gate: r.gate, passed: r.passed, text: r.passed ? 'passed' : r.result ? `failed: ${describeFailure(r.result)}` : 'failed' }));
}

/** `beats_champion ✓ · log_loss_ok ✗`, or `no gate results recorded`. */
export function gateSummary(lines: GateLine[]): string {
  if (lines.length === 0) return 'no gate results recorded';
  return lines.map((line) => `${line.gate} ${line.passed ? '✓' : '✗'}`).join(' · ');
}
