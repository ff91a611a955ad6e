// The rows a view shows instead of its data when a read fails: what went wrong, then what the user
// can do about it. Plain data, no `vscode`; trees/noticeItem.ts draws them.
import { CommandId } from '../commands/commandIds';
import type { BackendKind } from './backend';
import type { ConnectionProblem } from './connectionProblem';

export interface NoticeElement {
  kind: 'notice';
  text: string;
  /** A codicon name. */
  icon: string;
  /** The whole text, when `text` is cut for the row. */
  tooltip?: string;
  command?: { id: CommandId; title: string };
}

const rowLength = 120;

export function problemNotices(problem: ConnectionProblem, backend: BackendKind): NoticeElement[] {
  const text = problem.message.length > rowLength ? `${problem.message.slice(0, rowLength - 1)}…` : problem.message;
  const rows: NoticeElement[] = [{ kind: 'notice', text, icon: 'error', tooltip: problem.message }];
  rows.push({ kind: 'notice', text: 'Retry', icon: 'refresh', command: { id: CommandId.refresh, title: 'Retry' } });
  if (backend === 'remote') {
    const reconnect = problem.kind === 'unauthenticated' || problem.kind === 'forbidden' ? 'Connect with Other Credentials…' : 'Connect to MLflow Server…';
    rows.push({ kind: 'notice', text: reconnect, icon: 'plug', command: { id: CommandId.connectToServer, title: reconnect } });
  }
  if (backend !== 'embedded') rows.push({ kind: 'notice', text: 'Use Embedded Store', icon: 'database', command: { id: CommandId.useEmbeddedStore, title: 'Use Embedded Store' } });
  else rows.push({ kind: 'notice', text: 'Show Log', icon: 'output', command: { id: CommandId.showLog, title: 'Show Log' } });
  return rows;
}
