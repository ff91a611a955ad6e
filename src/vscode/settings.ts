// The `mlops.*` settings, declared in package.json's contributes.configuration.
import * as vscode from 'vscode';

export const setting = {
  store: 'mlops.store',
  keyMetric: 'mlops.runs.keyMetric',
  runsPageSize: 'mlops.runs.pageSize',
} as const;

/** The configured store folder, or '' to use `.mlops` beside the workspace's mlops.yaml. */
export const storeSetting = (): string => vscode.workspace.getConfiguration().get<string>(setting.store, '').trim();

export const keyMetricSetting = (): string => vscode.workspace.getConfiguration().get<string>(setting.keyMetric, 'auc').trim();

/** How many runs the Runs view reads at a time per experiment. */
export const runsPageSizeSetting = (): number => {
  const size = vscode.workspace.getConfiguration().get<number>(setting.runsPageSize, 200);
  return Number.isSafeInteger(size) && size >= 1 ? Math.min(size, 50_000) : 200;
};
