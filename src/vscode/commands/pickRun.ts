// A quick pick of recent runs, for Open Run from the command palette.
import * as vscode from 'vscode';
import type { TrackingStore } from '../../core/store/types';
import { formatTime, runNameOf, stageOf } from '../trees/runLabels';

const recentRuns = 200;

export async function pickRun(store: TrackingStore | undefined): Promise<string | undefined> {
  if (store === undefined) return noRuns();
  const experiments = await store.searchExperiments({ viewType: 'ACTIVE_ONLY' });
  if (experiments.length === 0) return noRuns();
  const names = new Map(experiments.map((experiment) => [experiment.experimentId, experiment.name]));
  const page = await store.searchRuns({
    experimentIds: experiments.map((experiment) => experiment.experimentId),
    viewType: 'ACTIVE_ONLY',
    orderBy: ['attributes.start_time DESC'],
    maxResults: recentRuns,
  });
  const items = page.items.map((run) => ({
    label: runNameOf(run),
    description: [names.get(run.info.experimentId), stageOf(run), formatTime(run.info.startTime), run.info.status.toLowerCase()].filter(Boolean).join(' · '),
    detail: run.info.runId,
    runId: run.info.runId,
  }));
  if (items.length === 0) return noRuns();
  const picked = await vscode.window.showQuickPick(items, { title: 'Open Run', placeHolder: 'Run name, experiment or run ID', matchOnDescription: true, matchOnDetail: true });
  return picked?.runId;
}

function noRuns(): undefined {
  void vscode.window.showInformationMessage('No runs yet: run "mlops run" in a terminal to track a pipeline run.');
  return undefined;
}
