// TreeItems for the Runs view's elements. Every text that comes from a run (names, params, tags,
// dataset sources) goes into tooltips escaped (tooltips.ts); labels and descriptions are plain text.
import * as vscode from 'vscode';
import { runTag } from '../../core/pipeline/runTags';
import type { Run, RunStatus } from '../../core/store/types';
import { CommandId } from '../commands/commandIds';
import { localArtifactPath } from '../runs/runArtifacts';
import { RunsContextValue } from '../viewIds';
import { groupSize } from './runsTreeDetails';
import type { ArtifactElement, RunElement, RunGroupElement, RunGroupKind, RunsDataElement } from './runsTreeElements';
import {
  formatBytes, formatDuration, formatMetricValue, formatTime, keyMetricOf, metricLabel, paramLabel, parentRunIdOf, runDescription, runDuration, runNameOf, stageOf,
} from './runLabels';
import { field, heading, markdown } from './tooltips';

export function runsTreeItem(element: RunsDataElement, keyMetric: string, now: number): vscode.TreeItem {
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
    case 'run':
      return runItem(element, keyMetric, now);
    case 'params':
    case 'metrics':
    case 'tags':
    case 'inputs':
    case 'outputs':
    case 'artifacts':
      return groupItem(element);
    case 'param':
      return leaf(`run:${element.runId}:param:${element.key}`, paramLabel(element.key, element.value), RunsContextValue.param, (md) => {
        field(md, 'Parameter', element.key);
        field(md, 'Value', element.value);
      });
    case 'metric': {
      const { metric } = element;
      return leaf(`run:${element.runId}:metric:${metric.key}`, metricLabel(metric), RunsContextValue.metric, (md) => {
        field(md, 'Metric', metric.key);
        field(md, 'Value', Number.isFinite(metric.value) ? String(metric.value) : formatMetricValue(metric.value));
        field(md, 'Step', String(metric.step));
        field(md, 'Logged', formatTime(metric.timestamp));
      });
    }
    case 'tag':
      return leaf(`run:${element.runId}:tag:${element.key}`, paramLabel(element.key, element.value), RunsContextValue.tag, (md) => {
        field(md, 'Tag', element.key);
        field(md, 'Value', element.value);
      });
    case 'dataset': {
      const { dataset, tags } = element.input;
      const item = leaf(`run:${element.runId}:dataset:${dataset.name}:${dataset.digest}`, dataset.name, RunsContextValue.dataset, (md) => {
        field(md, 'Dataset', dataset.name);
        field(md, 'Digest', dataset.digest);
        field(md, 'Source', `${dataset.sourceType}: ${dataset.source}`);
        for (const [key, value] of Object.entries(tags)) field(md, key, value);
      });
      item.description = [tags['mlflow.data.context'], dataset.digest.slice(0, 8)].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('database');
      return item;
    }
    case 'output': {
      const item = leaf(`run:${element.runId}:output:${element.modelId}`, element.name ?? element.modelId, RunsContextValue.output, (md) => {
        field(md, 'Logged model', element.name ?? '(unknown)');
        field(md, 'Model ID', element.modelId);
        field(md, 'Step', String(element.step));
        if (element.status !== undefined) field(md, 'Status', element.status.toLowerCase());
      });
      item.description = [element.name === undefined ? undefined : element.modelId, element.status?.toLowerCase()].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon('package');
      return item;
    }
    case 'artifact':
      return artifactItem(element);
    case 'loadMore': {
      const item = new vscode.TreeItem('Load more runs…');
      item.id = `experiment:${element.experimentId}:loadMore`;
      item.description = `${element.loaded.toLocaleString('en-US')} loaded`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = RunsContextValue.loadMore;
      item.command = { command: CommandId.loadMoreRuns, title: 'Load More Runs', arguments: [element] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(element.text);
      item.id = `message:${element.id}`;
      item.iconPath = new vscode.ThemeIcon(element.icon, element.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
      item.contextValue = RunsContextValue.message;
      if (element.tooltip !== undefined) item.tooltip = element.tooltip;
      return item;
    }
  }
}

function runItem(element: RunElement, keyMetric: string, now: number): vscode.TreeItem {
  const { run, stageRuns } = element;
  const deleted = run.info.lifecycleStage === 'deleted';
  const item = new vscode.TreeItem(runNameOf(run), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `run:${run.info.runId}`;
  const metric = keyMetricOf(run, stageRuns, keyMetric);
  item.description = `${deleted ? 'deleted · ' : ''}${runDescription(run, metric, now)}`;
  item.iconPath = deleted ? new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground')) : statusIcon(run.info.status);
  item.contextValue = deleted ? RunsContextValue.deletedRun : RunsContextValue.run;
  item.tooltip = runTooltip(run, metric === undefined ? undefined : `${metric.key} ${formatMetricValue(metric.value)} (step ${metric.step})`, now);
  return item;
}

const shownInTooltip = 8;

function runTooltip(run: Run, keyMetric: string | undefined, now: number): vscode.MarkdownString {
  return markdown((md) => {
    heading(md, runNameOf(run));
    field(md, 'Status', run.info.lifecycleStage === 'deleted' ? `${run.info.status.toLowerCase()} (deleted)` : run.info.status.toLowerCase());
    const stage = stageOf(run);
    if (stage !== undefined) field(md, 'Stage', stage);
    const parent = parentRunIdOf(run);
    if (parent !== undefined) field(md, 'Pipeline run', parent);
    const reason = run.data.tags[runTag.reason];
    if (reason !== undefined) field(md, 'Why it ran', reason);
    const cachedFrom = run.data.tags[runTag.cachedFrom];
    if (cachedFrom !== undefined) field(md, 'Outputs reused from', cachedFrom);
    field(md, 'Started', formatTime(run.info.startTime));
    field(md, 'Duration', formatDuration(runDuration(run, now)));
    if (keyMetric !== undefined) field(md, 'Key metric', keyMetric);
    field(md, 'Run ID', run.info.runId);
    if (run.info.userId) field(md, 'User', run.info.userId);
    const commit = run.data.tags[runTag.gitCommit];
    if (commit !== undefined) field(md, 'Git commit', commit);
    const metrics = [...run.data.metrics].sort((a, b) => a.key.localeCompare(b.key));
    if (metrics.length > 0) field(md, 'Metrics', listed(metrics.map((m) => `${m.key} ${formatMetricValue(m.value)}`)));
    const params = Object.entries(run.data.params).sort(([a], [b]) => a.localeCompare(b));
    if (params.length > 0) field(md, 'Params', listed(params.map(([key, value]) => `${key}=${value}`)));
  });
}

const listed = (entries: string[]): string =>
  entries.slice(0, shownInTooltip).join(', ') + (entries.length > shownInTooltip ? `, and ${entries.length - shownInTooltip} more` : '');

const groupLabels: Record<RunGroupKind, [label: string, icon: string]> = {
  params: ['Parameters', 'symbol-parameter'],
  metrics: ['Metrics', 'graph-line'],
  tags: ['Tags', 'tag'],
  inputs: ['Dataset inputs', 'database'],
  outputs: ['Outputs', 'package'],
  artifacts: ['Artifacts', 'files'],
};

function groupItem(element: RunGroupElement): vscode.TreeItem {
  const [label, icon] = groupLabels[element.kind];
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `run:${element.run.info.runId}:${element.kind}`;
  const size = groupSize(element);
  if (size !== undefined) item.description = String(size);
  item.iconPath = new vscode.ThemeIcon(icon);
  item.contextValue = RunsContextValue[element.kind];
  return item;
}

function artifactItem(element: ArtifactElement): vscode.TreeItem {
  const { file, run } = element;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const item = new vscode.TreeItem(name, file.isDir ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `run:${run.info.runId}:artifact:${file.path}`;
  item.contextValue = file.isDir ? RunsContextValue.artifactFolder : RunsContextValue.artifact;
  if (file.size !== undefined) item.description = formatBytes(file.size);
  const local = localArtifactPath(run, file.path);
  if (local !== undefined) {
    item.resourceUri = vscode.Uri.file(local);
    if (!file.isDir) item.command = { command: 'vscode.open', title: 'Open Artifact', arguments: [item.resourceUri] };
  } else {
    item.iconPath = new vscode.ThemeIcon(file.isDir ? 'folder' : 'file');
  }
  item.tooltip = markdown((md) => field(md, 'Artifact', `${run.info.artifactUri}/${file.path}`));
  return item;
}

function leaf(id: string, label: string, contextValue: string, tooltip: (md: vscode.MarkdownString) => void): vscode.TreeItem {
  const item = new vscode.TreeItem(label);
  item.id = id;
  item.contextValue = contextValue;
  item.tooltip = markdown(tooltip);
  return item;
}

const statusIcons: Record<RunStatus, [icon: string, color: string | undefined]> = {
  RUNNING: ['sync~spin', 'charts.blue'],
  SCHEDULED: ['clock', 'charts.yellow'],
  FINISHED: ['pass', 'testing.iconPassed'],
  FAILED: ['error', 'testing.iconFailed'],
  KILLED: ['circle-slash', 'testing.iconSkipped'],
};

export function statusIcon(status: RunStatus): vscode.ThemeIcon {
  const [icon, color] = statusIcons[status];
  return new vscode.ThemeIcon(icon, color === undefined ? undefined : new vscode.ThemeColor(color));
}
