// The TreeItem of a Pipeline view row: a stage (stageRows.ts) or a notice.
import * as vscode from 'vscode';
import { stageContextValue, type StageRow } from './stageRows';

/** A row shown instead of stages: the check is going on, or mlops.yaml has problems. */
export interface PipelineNotice {
  kind: 'notice';
  text: string;
  /** A codicon. */
  icon: string;
  tooltip?: string;
  command?: vscode.Command;
}

export const pipelineNoticeContextValue = 'pipelineNotice';

export function pipelineTreeItem(element: StageRow | PipelineNotice): vscode.TreeItem {
  if (element.kind === 'notice') {
    const item = new vscode.TreeItem(element.text);
    item.iconPath = new vscode.ThemeIcon(element.icon, element.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.contextValue = pipelineNoticeContextValue;
    if (element.tooltip !== undefined) item.tooltip = element.tooltip;
    if (element.command !== undefined) item.command = element.command;
    return item;
  }
  const item = new vscode.TreeItem(element.name);
  item.id = `${element.file}#${element.name}`;
  item.description = element.description;
  item.tooltip = element.tooltip;
  item.iconPath = new vscode.ThemeIcon(element.icon.id, element.icon.color ? new vscode.ThemeColor(element.icon.color) : undefined);
  item.contextValue = stageContextValue;
  item.accessibilityInformation = { label: `${element.name}, ${element.description}` };
  return item;
}
