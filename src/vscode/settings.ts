// The `mlops.*` settings, declared in package.json's contributes.configuration.
import * as vscode from 'vscode';

export const setting = {
  store: 'mlops.store',
  keyMetric: 'mlops.runs.keyMetric',
} as const;

/** The configured store folder, or '' to use `.mlops` beside the workspace's mlops.yaml. */
export const storeSetting = (): string => vscode.workspace.getConfiguration().get<string>(setting.store, '').trim();

export const keyMetricSetting = (): string => vscode.workspace.getConfiguration().get<string>(setting.keyMetric, 'auc').trim();
