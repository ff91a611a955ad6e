// A run as the run panel shows it (src/protocol/runPanel.ts), read from the store.
import type { RunPanelRun } from '../../protocol/runPanel';
import type { Run, TrackingStore } from '../../core/store/types';
import { runTag } from '../../core/pipeline/runTags';
import { formatDuration, formatMetricValue, formatTime, parentRunIdOf, runDuration, runNameOf, stageOf } from '../trees/runLabels';

export async function loadRunPanelRun(store: TrackingStore, runId: string, now: number): Promise<RunPanelRun> {
  const run = await store.getRun(runId);
  const experiment = await store.getExperiment(run.info.experimentId);
  const parentId = parentRunIdOf(run);
  const parent = parentId === undefined ? undefined : await store.getRun(parentId).catch(() => undefined);
  return toRunPanelRun(run, experiment.name, parent ?? parentId, now);
}

/** `parent` is the parent run, or only its id when the store no longer has it. */
export function toRunPanelRun(run: Run, experimentName: string, parent: Run | string | undefined, now: number): RunPanelRun {
  const stage = stageOf(run);
  const gitCommit = run.data.tags[runTag.gitCommit];
  return {
    runId: run.info.runId,
    runName: runNameOf(run),
    experimentName,
    status: run.info.status,
    started: formatTime(run.info.startTime),
    ended: run.info.endTime === null ? '' : formatTime(run.info.endTime),
    duration: formatDuration(runDuration(run, now)),
    ...(stage !== undefined ? { stage } : {}),
    ...(parent !== undefined ? { parent: typeof parent === 'string' ? { runId: parent, runName: parent } : { runId: parent.info.runId, runName: runNameOf(parent) } } : {}),
    ...(gitCommit !== undefined ? { gitCommit } : {}),
    params: Object.entries(run.data.params)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ key, value })),
    metrics: [...run.data.metrics]
      .sort((a, b) => a.key.localeCompare(b.key))
      // Full precision here; the tree rounds.
      .map((metric) => ({ key: metric.key, value: Number.isFinite(metric.value) ? String(metric.value) : formatMetricValue(metric.value), step: metric.step, logged: formatTime(metric.timestamp) })),
  };
}
