// TreeItems for the Runs view's elements.
import * as vscode from 'vscode';
import type { RunStatus } from '../../core/store/types';
import type { RunsTreeElement } from './runsTreeData';
import { RunsContextValue } from '../viewIds';
import { field, heading, markdown } from './tooltips';
import {
  formatDuration, formatMetricValue, formatTime, keyMetricOf, metricLabel, paramLabel, runDescription,
  runDuration, runNameOf, stageOf,
} from './runLabels';
import { runTag } from '../../core/pipeline/runTags';

export function runsTreeItem(element: RunsTreeElement, keyMetric: string, now: number): vscode.TreeItem {
  switch (element.kind) {
    case 'experiment': {
      const item = new vscode.TreeItem(element.experiment.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `experiment:${element.experiment.experimentId}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = RunsContextValue.experiment;
      item.tooltip = markdown((md) => {
        field(md, 'Experiment', element.experiment.name);
        field(md, 'ID', element.experiment.experimentId);
        field(md, 'Artifacts', element.experiment.artifactLocation);
      });
      return item;
    }
    case 'run': {
      const { run, stageRuns } = element;
      const hasChildren = stageRuns.length > 0 || run.data.metrics.length > 0 || Object.keys(run.data.params).length > 0;
      const item = new vscode.TreeItem(runNameOf(run), hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = `run:${run.info.runId}`;
      item.description = runDescription(run, keyMetricOf(run, stageRuns, keyMetric), now);
      item.iconPath = statusIcon(run.info.status);
      item.contextValue = RunsContextValue.run;
      item.tooltip = markdown((md) => {
        heading(md, runNameOf(run));
        field(md, 'Status', run.info.status.toLowerCase());
        const stage = stageOf(run);
        if (stage !== undefined) field(md, 'Stage', stage);
        field(md, 'Started', formatTime(run.info.startTime));
        field(md, 'Duration', formatDuration(runDuration(run, now)));
        field(md, 'Run ID', run.info.runId);
        const commit = run.data.tags[runTag.gitCommit];
        if (commit !== undefined) field(md, 'Git commit', commit);
      });
      return item;
    }
    case 'params':
    case 'metrics': {
      const count = element.kind === 'params' ? Object.keys(element.run.data.params).length : element.run.data.metrics.length;
      const item = new vscode.TreeItem(element.kind === 'params' ? 'Parameters' : 'Metrics', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `run:${element.run.info.runId}:${element.kind}`;
      item.description = String(count);
      item.iconPath = new vscode.ThemeIcon(element.kind === 'params' ? 'symbol-parameter' : 'graph-line');
      item.contextValue = RunsContextValue[element.kind];
      return item;
    }
    case 'param': {
      const item = new vscode.TreeItem(paramLabel(element.key, element.value));
      item.id = `run:${element.runId}:param:${element.key}`;
      item.contextValue = RunsContextValue.param;
      item.tooltip = markdown((md) => {
        field(md, 'Parameter', element.key);
        field(md, 'Value', element.value);
      });
      return item;
    }
    case 'metric': {
      const { metric } = element;
      const item = new vscode.TreeItem(metricLabel(metric));
      item.id = `run:${element.runId}:metric:${metric.key}`;
      item.contextValue = RunsContextValue.metric;
      item.tooltip = markdown((md) => {
        field(md, 'Metric', metric.key);
        field(md, 'Value', Number.isFinite(metric.value) ? String(metric.value) : formatMetricValue(metric.value));
        field(md, 'Step', String(metric.step));
        field(md, 'Logged', formatTime(metric.timestamp));
      });
      return item;
    }
  }
}

const statusIcons: Record<RunStatus, [icon: string, color: string | undefined]> = {
  RUNNING: ['sync~spin', 'charts.blue'],
  SCHEDULED: ['clock', undefined],
  FINISHED: ['pass', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  KILLED: ['circle-slash', 'testing.iconSkipped'],
};

export function statusIcon(status: RunStatus): vscode.ThemeIcon {
  const [icon, color] = statusIcons[status];
  return new vscode.ThemeIcon(icon, color === undefined ? undefined : new vscode.ThemeColor(color));
}
