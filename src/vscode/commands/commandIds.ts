// Every command the extension contributes. package.json declares the same ids (checked by
// test/unit/vscode/commands.test.ts).
export const CommandId = {
  refresh: 'mlops.refresh',
  openRun: 'mlops.openRun',
  showLog: 'mlops.showLog',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
