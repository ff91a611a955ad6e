// The Runs view's elements: plain data, their TreeItems built in runsTreeItems.ts. A run's element
// is one object for as long as the run is loaded: live updates change its `run` in place and
// redraw that element alone (VS Code finds the row by the element's identity).
import type { DatasetInput, Experiment, Metric, Run } from '../../core/store/types';
import type { ArtifactFile } from '../runs/runArtifacts';

export type RunsDataElement =
  | ExperimentElement
  | RunElement
  | RunGroupElement
  | ParamElement
  | MetricElement
  | TagElement
  | DatasetElement
  | OutputElement
  | ArtifactElement
  | LoadMoreElement
  | MessageElement;

export interface ExperimentElement {
  kind: 'experiment';
  experiment: Experiment;
}

export interface RunElement {
  kind: 'run';
  run: Run;
  /** The loaded runs under this one (a pipeline run's stage runs), oldest first. */
  stageRuns: Run[];
}

export const runGroupKinds = ['params', 'metrics', 'tags', 'inputs', 'outputs', 'artifacts'] as const;
export type RunGroupKind = (typeof runGroupKinds)[number];

/** Present under a run when it has any of that kind; `artifacts` always. */
export interface RunGroupElement {
  kind: RunGroupKind;
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

export interface TagElement {
  kind: 'tag';
  runId: string;
  key: string;
  value: string;
}

export interface DatasetElement {
  kind: 'dataset';
  runId: string;
  input: DatasetInput;
}

/** A logged model the run produced; `name` and `status` when the store could tell them. */
export interface OutputElement {
  kind: 'output';
  runId: string;
  modelId: string;
  step: number;
  name?: string;
  status?: string;
}

export interface ArtifactElement {
  kind: 'artifact';
  run: Run;
  file: ArtifactFile;
}

/** The last row of an experiment whose search has more runs than are loaded. */
export interface LoadMoreElement {
  kind: 'loadMore';
  experimentId: string;
  loaded: number;
}

/** A row that says something instead of data: no match, a bad filter, artifacts not listed. */
export interface MessageElement {
  kind: 'message';
  /** Unique in the tree: it names the row's parent. */
  id: string;
  text: string;
  /** A codicon name. */
  icon: string;
  tooltip?: string;
}
