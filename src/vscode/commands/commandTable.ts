// The commands as a table: id -> title, icon and a handler made from the workbench's services.
// Only types come from `vscode` here, so the table loads (and is checked against package.json)
// without an editor.
import { CommandId } from './commandIds';
import { registryCommandTable, type RegistryCommandHandlers } from '../registry/registryCommandTable';
import { runsCommandTable, type RunsCommandHandlers } from './runsCommands';

/** The services command handlers reach. */
export interface CommandContext {
  store: { refresh(): Promise<void> };
  runPanels: { open(target?: unknown): Promise<void> };
  log: { show(preserveFocus?: boolean): void };
  backends: BackendCommandHandlers;
  pipeline: PipelineCommandHandlers;
  /** The Runs view's search and run actions (src/vscode/commands/runsCommands.ts). */
  runs: RunsCommandHandlers;
  /** The Models view's registry workflow (src/vscode/registry/registryCommandTable.ts). */
  registry: RegistryCommandHandlers;
}

/** Switching the tracking backend; an argument, where one is taken, skips the prompts. */
export interface BackendCommandHandlers {
  connect(server?: unknown): Promise<unknown>;
  useEmbedded(): Promise<unknown>;
  openMlflowData(target?: unknown): Promise<unknown>;
  choose(): Promise<unknown>;
}

/**
 * Running the pipeline (src/vscode/pipeline/pipelineCommands.ts). A target may be a stage's name, a
 * Pipeline view row, `{ file, stage }` (a code lens), or an mlops.yaml Uri; without one, a quick
 * pick asks for the stage. A run resolves when it has ended.
 */
export interface PipelineCommandHandlers {
  runPipeline(target?: unknown): Promise<unknown>;
  runStage(target?: unknown, downstream?: boolean): Promise<unknown>;
  showStatus(): Promise<unknown>;
  cancel(): unknown;
  refresh(): Promise<unknown>;
  showOutput(): unknown;
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
  [CommandId.connectToServer]: {
    title: 'Connect to MLflow Server…',
    icon: '$(plug)',
    // From the palette, input boxes ask; a caller may pass { url, token } or { url, username, password }.
    handler: (ctx) => (server) => ctx.backends.connect(server),
  },
  [CommandId.useEmbeddedStore]: {
    title: 'Use Embedded Store',
    icon: '$(database)',
    handler: (ctx) => () => ctx.backends.useEmbedded(),
  },
  [CommandId.openMlflowData]: {
    title: 'Open MLflow Data…',
    icon: '$(folder-opened)',
    // A path (an mlflow.db file or an mlruns folder) or a Uri skips the file picker.
    handler: (ctx) => (target) => ctx.backends.openMlflowData(target),
  },
  [CommandId.chooseBackend]: {
    title: 'Choose Tracking Backend…',
    icon: '$(server-environment)',
    handler: (ctx) => () => ctx.backends.choose(),
  },
  [CommandId.runPipeline]: {
    title: 'Run Pipeline',
    icon: '$(run-all)',
    handler: (ctx) => (target) => ctx.pipeline.runPipeline(target),
  },
  [CommandId.runStage]: {
    title: 'Run Stage…',
    icon: '$(play)',
    handler: (ctx) => (target) => ctx.pipeline.runStage(target, false),
  },
  [CommandId.runStageAndDownstream]: {
    title: 'Run Stage and Downstream',
    icon: '$(run-below)',
    handler: (ctx) => (target) => ctx.pipeline.runStage(target, true),
  },
  [CommandId.showPipelineStatus]: {
    title: 'Show Pipeline Status',
    icon: '$(checklist)',
    handler: (ctx) => () => ctx.pipeline.showStatus(),
  },
  [CommandId.cancelPipelineRun]: {
    title: 'Cancel Pipeline Run',
    icon: '$(debug-stop)',
    handler: (ctx) => () => ctx.pipeline.cancel(),
  },
  [CommandId.refreshPipelineStatus]: {
    title: 'Refresh Pipeline Status',
    icon: '$(refresh)',
    handler: (ctx) => () => ctx.pipeline.refresh(),
  },
  [CommandId.showPipelineOutput]: {
    title: 'Show Pipeline Output',
    icon: '$(terminal)',
    handler: (ctx) => () => ctx.pipeline.showOutput(),
  },
  ...runsCommandTable,
  ...registryCommandTable,
};
