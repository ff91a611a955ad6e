// The TreeItem of a notice row (src/vscode/backend/notices.ts): a failed read and what to do next.
import * as vscode from 'vscode';
import type { NoticeElement } from '../backend/notices';

export const noticeContextValue = 'notice';

export function noticeItem(notice: NoticeElement): vscode.TreeItem {
  const item = new vscode.TreeItem(notice.text);
  item.iconPath = new vscode.ThemeIcon(notice.icon, notice.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
  item.contextValue = noticeContextValue;
  if (notice.tooltip !== undefined) item.tooltip = notice.tooltip;
  if (notice.command !== undefined) item.command = { command: notice.command.id, title: notice.command.title };
  return item;
}
