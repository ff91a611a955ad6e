// The runs a Runs-view command acts on. From a row's menu VS Code passes the row and the selected
// rows; from the palette or a keybinding nothing comes, and the runs selected in the view count
// (else a quick pick asks for one). Scripts and tests may pass `{ runIds: [...] }`.
import * as vscode from 'vscode';
import type { Run, TrackingStore } from '../../core/store/types';
import { pickRun } from '../commands/pickRun';
import type { RunElement } from '../trees/runsTreeElements';

/** What a caller may pass instead of tree rows. */
export interface RunIdsArgument {
  runIds: string[];
}

const isRunElement = (value: unknown): value is RunElement =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'run' && typeof (value as RunElement).run?.info?.runId === 'string';

export function isRunIdsArgument(value: unknown): value is RunIdsArgument {
  const ids = (value as Partial<RunIdsArgument> | undefined)?.runIds;
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string');
}

/**
 * The runs to act on; empty when there are none (the user dismissed the quick pick). `selected`:
 * the view's selection, for calls without an argument.
 */
export async function targetRuns(store: TrackingStore | undefined, target: unknown, selection: unknown, selected: () => readonly RunElement[]): Promise<Run[]> {
  if (Array.isArray(selection)) {
    const rows = selection.filter(isRunElement);
    if (rows.length > 0) return rows.map((row) => row.run);
  }
  if (isRunElement(target)) return [target.run];
  if (store === undefined) throw new Error('No tracking store is open.');
  if (typeof target === 'string') return [await store.getRun(target)];
  if (isRunIdsArgument(target)) return Promise.all(target.runIds.map((id) => store.getRun(id)));
  const rows = selected();
  if (rows.length > 0) return rows.map((row) => row.run);
  const picked = await pickRun(store);
  return picked === undefined ? [] : [await store.getRun(picked)];
}

/** The one run a single-run command acts on: the first of the targets, with a word when several were selected. */
export async function targetRun(store: TrackingStore | undefined, target: unknown, selected: () => readonly RunElement[], command: string): Promise<Run | undefined> {
  const runs = await targetRuns(store, target, undefined, selected);
  if (runs.length > 1) void vscode.window.showInformationMessage(`${command} acts on one run: using ${runs[0].info.runName || runs[0].info.runId}, the first selected.`);
  return runs[0];
}
