// Messages between the extension and the run panel webview (webview/run/). The webview posts
// `ready` once its script runs; the extension posts nothing before that, then a `run` message on
// open and again whenever the store changes. Values are display-ready strings: the message crosses
// a JSON boundary, where NaN and Infinity would not survive as numbers.
import type { RunStatus } from '../core/store/types';

export interface RunPanelRow {
  key: string;
  value: string;
}

export interface RunPanelMetric {
  key: string;
  value: string;
  step: number;
  /** When the point was logged, formatted in the user's locale. */
  logged: string;
}

export interface RunPanelRunLink {
  runId: string;
  runName: string;
}

export interface RunPanelRun {
  runId: string;
  runName: string;
  experimentName: string;
  status: RunStatus;
  started: string;
  /** Empty while the run is still going. */
  ended: string;
  duration: string;
  /** The pipeline stage this run executed, if it is a stage run. */
  stage?: string;
  /** The pipeline run this stage run belongs to. */
  parent?: RunPanelRunLink;
  gitCommit?: string;
  params: RunPanelRow[];
  /** Each metric's latest point. */
  metrics: RunPanelMetric[];
}

/** Extension -> webview. */
export type RunPanelMessage =
  | { type: 'run'; run: RunPanelRun }
  | { type: 'error'; message: string };

/** Webview -> extension. */
export type RunPanelRequest =
  | { type: 'ready' }
  /** The user clicked a link to another run (the parent pipeline run). */
  | { type: 'openRun'; runId: string };
