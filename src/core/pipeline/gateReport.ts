import { formatNumber, type GateResult, type RequirementResult } from './gates';

// A gate's result as people read it: a small table for the terminal, and one line per failing
// requirement for messages (protection, notifications).

/**
 * E.g.
 * ```
 * Gate beats_champion (after evaluate): failed
 *   metric    op  candidate  baseline                                  margin  result
 *   auc       >=  0.81       0.82 models:/churn@champion (version 2, …)  0.005   FAIL: 0.81 is not >= 0.825
 *   log_loss  <=  0.41       0.6                                       0       pass
 * ```
 */
export function formatGateResult(result: GateResult): string {
  const header = ['metric', 'op', 'candidate', 'baseline', 'margin', 'result'];
  const rows = result.requirements.map((r) => [r.metric, r.op, value(r.candidate), baselineCell(r), formatNumber(r.margin), outcome(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [`Gate ${result.gate} (after ${result.after}): ${result.passed ? 'passed' : 'failed'}`, line(header), ...rows.map(line)].join('\n');
}

/** Why a gate failed, one clause per failing requirement: `auc 0.81 is not >= 0.825 (models:/churn@champion … + margin 0.005)`. */
export function describeFailure(result: GateResult): string {
  const failing = result.requirements.filter((r) => !r.passed);
  if (failing.length === 0) return result.passed ? 'it passed' : 'it failed (its recorded result lists no failing requirement)';
  return failing.map(describeRequirement).join('; ');
}

function describeRequirement(r: RequirementResult): string {
  if (r.threshold === null || r.candidate === null) return `${r.metric}: ${r.note ?? 'failed'}`;
  const margin = r.margin === 0 ? '' : ` ${r.op.startsWith('>') ? '+' : '-'} margin ${formatNumber(r.margin)}`;
  return `${r.metric} ${formatNumber(r.candidate)} is not ${r.op} ${formatNumber(r.threshold)} (baseline ${baselineCell(r)}${margin})`;
}

function value(n: number | null): string {
  return n === null ? '-' : formatNumber(n);
}

function baselineCell(r: RequirementResult): string {
  if (r.baseline === null) return `- ${r.baselineSource}`;
  const shown = formatNumber(r.baseline);
  return r.baselineSource === String(r.baseline) ? shown : `${shown} ${r.baselineSource}`;
}

function outcome(r: RequirementResult): string {
  if (!r.passed) return `FAIL: ${r.note ?? 'failed'}`;
  return r.note ? `pass (${r.note})` : 'pass';
}
