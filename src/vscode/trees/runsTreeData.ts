// What the Runs view holds, as plain data and without `vscode`: experiments -> top-level runs
// (newest first) -> stage runs (in the order they ran) -> Parameters and Metrics groups.
import type { Experiment, Metric, Run, TrackingStore } from '../../core/store/types';
import { newestFirst, oldestFirst, parentRunIdOf } from './runLabels';

export type RunsTreeElement = ExperimentElement | RunElement | RunGroupElement | ParamElement | MetricElement;

export interface ExperimentElement {
  kind: 'experiment';
  experiment: Experiment;
}

export interface RunElement {
  kind: 'run';
  run: Run;
  /** The runs whose `mlflow.parentRunId` is this run: a pipeline run's stage runs, oldest first. */
  stageRuns: Run[];
}

/** Present under a run only when it has params (`params`) or metrics (`metrics`). */
export interface RunGroupElement {
  kind: 'params' | 'metrics';
  run: Run;
}

export interface ParamElement {
  kind: 'param';
  runId: string;
  key: string;
  value: string;
}

export interface MetricElement {
  kind: 'metric';
  runId: string;
  /** The metric's latest point. */
  metric: Metric;
}

const pageSize = 1000;

export class RunsTreeData {
  /** Each snapshot's runs per experiment id: loaded once, then shared by every level of the tree. */
  private readonly runsCache = new WeakMap<TrackingStore, Map<string, Promise<Run[]>>>();

  async children(store: TrackingStore, element?: RunsTreeElement): Promise<RunsTreeElement[]> {
    if (element === undefined) return this.experiments(store);
    switch (element.kind) {
      case 'experiment': {
        const runs = await this.runsOf(store, element.experiment.experimentId);
        return runs.filter((run) => parentRunIdOf(run) === undefined).sort(newestFirst).map((run) => runElement(run, runs));
      }
      case 'run': {
        const runs = await this.runsOf(store, element.run.info.experimentId);
        const children: RunsTreeElement[] = element.stageRuns.map((run) => runElement(run, runs));
        if (Object.keys(element.run.data.params).length > 0) children.push({ kind: 'params', run: element.run });
        if (element.run.data.metrics.length > 0) children.push({ kind: 'metrics', run: element.run });
        return children;
      }
      case 'params':
        return Object.entries(element.run.data.params)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => ({ kind: 'param', runId: element.run.info.runId, key, value }));
      case 'metrics':
        return [...element.run.data.metrics]
          .sort((a, b) => a.key.localeCompare(b.key))
          .map((metric) => ({ kind: 'metric', runId: element.run.info.runId, metric }));
      case 'param':
      case 'metric':
        return [];
    }
  }

  /** Active experiments that hold runs (MLflow's always-present, empty "Default" stays hidden), by name. */
  private async experiments(store: TrackingStore): Promise<ExperimentElement[]> {
    const experiments = await store.searchExperiments({ viewType: 'ACTIVE_ONLY' });
    const withRuns = await Promise.all(experiments.map(async (experiment) => ((await this.runsOf(store, experiment.experimentId)).length > 0 ? experiment : undefined)));
    return withRuns
      .filter((experiment) => experiment !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((experiment) => ({ kind: 'experiment', experiment }));
  }

  private runsOf(store: TrackingStore, experimentId: string): Promise<Run[]> {
    let perExperiment = this.runsCache.get(store);
    if (perExperiment === undefined) this.runsCache.set(store, (perExperiment = new Map()));
    let runs = perExperiment.get(experimentId);
    if (runs === undefined) {
      runs = loadRuns(store, experimentId);
      perExperiment.set(experimentId, runs);
      // A failed load is not kept: the next expand tries again.
      runs.catch(() => perExperiment.delete(experimentId));
    }
    return runs;
  }
}

function runElement(run: Run, experimentRuns: readonly Run[]): RunElement {
  const stageRuns = experimentRuns.filter((other) => parentRunIdOf(other) === run.info.runId).sort(oldestFirst);
  return { kind: 'run', run, stageRuns };
}

async function loadRuns(store: TrackingStore, experimentId: string): Promise<Run[]> {
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.searchRuns({ experimentIds: [experimentId], viewType: 'ACTIVE_ONLY', maxResults: pageSize, ...(pageToken ? { pageToken } : {}) });
    runs.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return runs;
}
