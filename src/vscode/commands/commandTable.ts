// The commands as a table: id -> title, icon and a handler made from the workbench's services.
// Only types come from `vscode` here, so the table loads (and is checked against package.json)
// without an editor.
import { CommandId } from './commandIds';

/** The services command handlers reach. */
export interface CommandContext {
  store: { refresh(): Promise<void> };
  runPanels: { open(target?: unknown): Promise<void> };
  log: { show(preserveFocus?: boolean): void };
}

export interface CommandSpec {
  /** Shown after the "MLOps" category in the command palette. */
  title: string;
  /** A codicon, `$(name)`, for buttons on view titles and tree items. */
  icon?: string;
  handler: (ctx: CommandContext) => (...args: unknown[]) => unknown;
}

export const commandCategory = 'MLOps';

export const commandTable: Record<CommandId, CommandSpec> = {
  [CommandId.refresh]: {
    title: 'Refresh',
    icon: '$(refresh)',
    handler: (ctx) => () => ctx.store.refresh(),
  },
  [CommandId.openRun]: {
    title: 'Open Run',
    icon: '$(preview)',
    // From a tree item, the item's element; from the palette, nothing (a quick pick asks).
    handler: (ctx) => (target) => ctx.runPanels.open(target),
  },
  [CommandId.showLog]: {
    title: 'Show Log',
    icon: '$(output)',
    handler: (ctx) => () => ctx.log.show(),
  },
};
