// The registry's readable documents, as Markdown: a model's history (its audit trail, newest first)
// and a version's gate results. Every name, reason and actor comes from whoever wrote it: each is
// escaped (every ASCII punctuation mark backslash-escaped, line breaks flattened), so it reads as
// text in the preview and never as markup or HTML. Plain functions, no `vscode`.
import { formatNumber, type RequirementResult } from '../../core/pipeline/gates';
import type { RecordedGate } from '../../core/pipeline/gateRecord';
import { describeChange } from '../../core/registry/history';
import type { AuditEntry } from '../../core/store/audit';
import type { ModelVersion } from '../../core/store/types';

/** Text that reads as itself in Markdown, on one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

export function historyMarkdown(name: string, entries: AuditEntry[], formatTime: (ms: number) => string): string {
  const lines = [`# History of ${escapeMarkdown(name)}`, ''];
  if (entries.length === 0) return [...lines, 'No promotion, rollback or stage transition is recorded for this model yet.', ''].join('\n');
  lines.push(`${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} of the audit trail, newest first.`, '');
  lines.push('| When | Who | Change | Why | Run | Commit |', '|---|---|---|---|---|---|');
  for (const e of [...entries].reverse()) {
    const cells = [formatTime(e.at), e.actor, describeChange(e), e.reason ?? '', e.runId?.slice(0, 8) ?? '', e.gitCommit?.slice(0, 8) ?? ''];
    lines.push(`| ${cells.map((cell, i) => (i === 2 ? `**${escapeMarkdown(cell)}**` : escapeMarkdown(cell))).join(' | ')} |`);
  }
  return [...lines, ''].join('\n');
}

/** `gates` in the order to show; `protections` lines such as `@champion needs beats_champion: ✓ passed`. */
export function gatesMarkdown(version: ModelVersion, gates: RecordedGate[], protections: string[]): string {
  const lines = [`# Gate results of ${escapeMarkdown(version.name)} v${version.version}`, ''];
  if (protections.length > 0) {
    lines.push('## Protection in mlops.yaml', '');
    for (const line of protections) lines.push(`- ${escapeMarkdown(line)}`);
    lines.push('');
  }
  if (gates.length === 0) lines.push('No gate result is recorded for this version, its run or its pipeline run.', '');
  for (const gate of gates) {
    lines.push(`## ${escapeMarkdown(gate.gate)}: ${gate.passed ? '✓ passed' : '✗ failed'}`, '');
    const result = gate.result;
    if (result === undefined) {
      lines.push('The details of this result were not recorded.', '');
      continue;
    }
    lines.push(`Checked after stage ${escapeMarkdown(result.after)}, run ${escapeMarkdown(result.runId)}.${result.truncated ? ' Some requirements were left out of the record: it was too long.' : ''}`, '');
    lines.push('| Metric | Op | Candidate | Baseline | Margin | Result |', '|---|---|---|---|---|---|');
    for (const r of result.requirements) lines.push(`| ${requirementCells(r).map(escapeMarkdown).join(' | ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function requirementCells(r: RequirementResult): string[] {
  const value = (n: number | null): string => (n === null ? '-' : formatNumber(n));
  const baseline = r.baseline === null ? `- (${r.baselineSource})` : `${value(r.baseline)} (${r.baselineSource})`;
  const outcome = r.passed ? (r.note ? `pass: ${r.note}` : 'pass') : `FAIL${r.threshold !== null && r.candidate !== null ? `: not ${r.op} ${value(r.threshold)}` : ''}${r.note ? `: ${r.note}` : ''}`;
  return [r.metric, r.op, value(r.candidate), baseline, value(r.margin), outcome];
}
