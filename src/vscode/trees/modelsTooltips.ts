// The Models view's version tooltip: the version's details, and once resolved on hover, its source
// run's name and its gate results (read from the store). Untrusted text goes in escaped (tooltips.ts).
import type * as vscode from 'vscode';
import { GATE_TAG_PREFIX } from '../../core/pipeline/gateRecord';
import { recordedGates } from '../../core/pipeline/protection';
import { AUDIT_TAG } from '../../core/registry/auditLog';
import type { ModelVersion, TrackingStore } from '../../core/store/types';
import { gateLines, type GateLine } from '../registry/gateText';
import { statusText } from './modelsTreeData';
import { formatTime } from './runLabels';
import { field, heading, markdown } from './tooltips';

/** What the tooltip adds once resolved; a read that failed says so in `problem`. */
interface VersionDetails {
  runName?: string;
  gates: GateLine[];
  problem?: string;
}

export async function versionDetails(store: TrackingStore, version: ModelVersion): Promise<VersionDetails> {
  try {
    const [gates, runName] = await Promise.all([recordedGates(version, store), version.runId === '' ? undefined : store.getRun(version.runId).then((run) => run.info.runName, () => undefined)]);
    return { runName, gates: gateLines(gates) };
  } catch (error) {
    return { gates: [], problem: `Gate results could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function versionTooltip(version: ModelVersion, details: VersionDetails | undefined): vscode.MarkdownString {
  return markdown((md) => {
    md.supportThemeIcons = true;
    heading(md, `${version.name} v${version.version}`);
    if (version.aliases.length > 0) field(md, 'Aliases', [...version.aliases].sort().map((alias) => `@${alias}`).join(' '));
    field(md, 'Stage', version.currentStage);
    field(md, 'Status', statusText(version.status));
    if (version.runId !== '') field(md, 'Source run', details?.runName ? `${details.runName} (${version.runId})` : version.runId);
    field(md, 'Registered', formatTime(version.creationTime));
    if (version.userId) field(md, 'Registered by', version.userId);
    field(md, 'Source', version.source);
    if (version.description !== '') field(md, 'Description', version.description);
    const tags = Object.entries(version.tags).filter(([key]) => !key.startsWith(GATE_TAG_PREFIX) && key !== AUDIT_TAG);
    for (const [key, value] of tags.sort(([a], [b]) => a.localeCompare(b))) field(md, 'Tag', `${key} = ${value}`);
    if (details === undefined) return;
    md.appendMarkdown('\n**Gate results**\n\n');
    if (details.problem !== undefined) md.appendText(details.problem);
    else if (details.gates.length === 0) md.appendMarkdown('None recorded for this version.');
    for (const gate of details.gates) {
      md.appendMarkdown(`- ${gate.passed ? '$(pass)' : '$(error)'} `);
      md.appendText(`${gate.gate}: ${gate.text}`);
      md.appendMarkdown('\n');
    }
  });
}
