// Which loaded runs are rows of their experiment, and which sit under another run. As in MLflow's
// own UI: a run whose parent (`mlflow.parentRunId`) was loaded too sits under it, in the order the
// runs ran; every other run is a row of the experiment, in the search's order. Without a filter
// a pipeline run therefore holds its stage runs; with one, a stage run that matches while its
// pipeline run does not is a row of its own. Plain functions, no `vscode`.
import type { Run } from '../../core/store/types';
import { oldestFirst, parentRunIdOf } from '../trees/runLabels';

export interface RunRows {
  /** The experiment's rows, in the search's order. */
  top: Run[];
  /** A run's id -> the loaded runs under it, oldest first. */
  children: Map<string, Run[]>;
}

export function groupRuns(runs: readonly Run[]): RunRows {
  const byId = new Map(runs.map((run) => [run.info.runId, run]));
  const top: Run[] = [];
  const children = new Map<string, Run[]>();
  for (const run of runs) {
    const parent = nestsUnder(run, byId);
    if (parent === undefined) {
      top.push(run);
      continue;
    }
    let siblings = children.get(parent);
    if (siblings === undefined) children.set(parent, (siblings = []));
    siblings.push(run);
  }
  for (const siblings of children.values()) siblings.sort(oldestFirst);
  return { top, children };
}

/** The loaded parent's id, unless there is none or the parents loop back (data no tool should write). */
function nestsUnder(run: Run, byId: ReadonlyMap<string, Run>): string | undefined {
  const parent = parentRunIdOf(run);
  if (parent === undefined || !byId.has(parent)) return undefined;
  const visited = new Set([run.info.runId]);
  for (let id: string | undefined = parent; id !== undefined && byId.has(id); id = parentRunIdOf(byId.get(id)!)) {
    if (visited.has(id)) return undefined;
    visited.add(id);
  }
  return parent;
}
