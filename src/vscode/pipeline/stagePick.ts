// The quick pick of Run Stage… and Run Stage and Downstream: each stage with where it stands
// (up to date, or will run and why) as its detail.
import * as vscode from 'vscode';
import type { StageStatus } from '../../core/pipeline/status';

interface StageChoice extends vscode.QuickPickItem {
  stage: string;
}

export async function pickStage(statuses: StageStatus[], downstream: boolean): Promise<string | undefined> {
  const items: StageChoice[] = statuses.map((status) => ({
    stage: status.name,
    label: `$(${status.state === 'up-to-date' ? 'pass' : 'circle-large-outline'}) ${status.name}`,
    description: status.state === 'up-to-date' ? 'up to date' : 'will run',
    detail: status.state === 'up-to-date' ? 'Nothing changed since its last successful run.' : status.reasons.join('; '),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: downstream ? 'Run Stage and Downstream' : 'Run Stage',
    placeHolder: downstream ? 'The stage to run, then every stage that depends on it' : 'The stage to run (the stages it depends on are not run)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.stage;
}
