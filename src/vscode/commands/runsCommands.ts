// The Runs view's commands: its search, paging, and the actions on selected runs. Each takes, from
// a tree row's menu, the row's element and the selected elements; from the command palette or a
// keybinding, nothing: the runs selected in the view (or a quick pick when none is). Arguments
// that skip a prompt are documented on each handler (src/vscode/runs/runActions.ts).
import type { CommandSpec } from './commandTable';

export const RunsCommandId = {
  filterRuns: 'mlops.filterRuns',
  sortRuns: 'mlops.sortRuns',
  clearRunsSearch: 'mlops.clearRunsSearch',
  toggleDeletedRuns: 'mlops.toggleDeletedRuns',
  loadMoreRuns: 'mlops.loadMoreRuns',
  copyRunId: 'mlops.copyRunId',
  copyRunUri: 'mlops.copyRunUri',
  revealRunArtifacts: 'mlops.revealRunArtifacts',
  openRunCommit: 'mlops.openRunCommit',
  checkoutRunCommit: 'mlops.checkoutRunCommit',
  registerModelFromRun: 'mlops.registerModelFromRun',
  deleteRuns: 'mlops.deleteRuns',
  restoreRuns: 'mlops.restoreRuns',
} as const;

export type RunsCommandId = (typeof RunsCommandId)[keyof typeof RunsCommandId];

export interface RunsCommandHandlers {
  filter(filter?: unknown): Promise<unknown>;
  sort(orderBy?: unknown): Promise<unknown>;
  clearSearch(): Promise<unknown>;
  toggleDeleted(): Promise<unknown>;
  loadMore(target?: unknown): Promise<unknown>;
  copyRunIds(target?: unknown, selection?: unknown): Promise<unknown>;
  copyRunUris(target?: unknown, selection?: unknown): Promise<unknown>;
  revealArtifacts(target?: unknown): Promise<unknown>;
  openCommit(target?: unknown): Promise<unknown>;
  checkoutCommit(target?: unknown): Promise<unknown>;
  registerModel(target?: unknown, options?: unknown): Promise<unknown>;
  deleteRuns(target?: unknown, selection?: unknown): Promise<unknown>;
  restoreRuns(target?: unknown, selection?: unknown): Promise<unknown>;
}

export const runsCommandTable: Record<RunsCommandId, CommandSpec> = {
  [RunsCommandId.filterRuns]: {
    title: 'Filter Runs…',
    icon: '$(filter)',
    handler: (ctx) => (filter) => ctx.runs.filter(filter),
  },
  [RunsCommandId.sortRuns]: {
    title: 'Sort Runs By…',
    icon: '$(list-ordered)',
    handler: (ctx) => (orderBy) => ctx.runs.sort(orderBy),
  },
  [RunsCommandId.clearRunsSearch]: {
    title: 'Clear Filter and Sort',
    icon: '$(clear-all)',
    handler: (ctx) => () => ctx.runs.clearSearch(),
  },
  [RunsCommandId.toggleDeletedRuns]: {
    title: 'Show or Hide Deleted Runs',
    icon: '$(trash)',
    handler: (ctx) => () => ctx.runs.toggleDeleted(),
  },
  [RunsCommandId.loadMoreRuns]: {
    title: 'Load More Runs',
    icon: '$(ellipsis)',
    handler: (ctx) => (target) => ctx.runs.loadMore(target),
  },
  [RunsCommandId.copyRunId]: {
    title: 'Copy Run ID',
    icon: '$(copy)',
    handler: (ctx) => (target, selection) => ctx.runs.copyRunIds(target, selection),
  },
  [RunsCommandId.copyRunUri]: {
    title: 'Copy runs:/ URI',
    icon: '$(link)',
    handler: (ctx) => (target, selection) => ctx.runs.copyRunUris(target, selection),
  },
  [RunsCommandId.revealRunArtifacts]: {
    title: 'Reveal Run Artifacts',
    icon: '$(folder-opened)',
    handler: (ctx) => (target) => ctx.runs.revealArtifacts(target),
  },
  [RunsCommandId.openRunCommit]: {
    title: "Open Run's Commit",
    icon: '$(git-compare)',
    handler: (ctx) => (target) => ctx.runs.openCommit(target),
  },
  [RunsCommandId.checkoutRunCommit]: {
    title: "Checkout Run's Commit…",
    icon: '$(git-commit)',
    handler: (ctx) => (target) => ctx.runs.checkoutCommit(target),
  },
  [RunsCommandId.registerModelFromRun]: {
    title: 'Register Model from Run…',
    icon: '$(package)',
    handler: (ctx) => (target, options) => ctx.runs.registerModel(target, options),
  },
  [RunsCommandId.deleteRuns]: {
    title: 'Delete Runs…',
    icon: '$(trash)',
    handler: (ctx) => (target, selection) => ctx.runs.deleteRuns(target, selection),
  },
  [RunsCommandId.restoreRuns]: {
    title: 'Restore Runs…',
    icon: '$(discard)',
    handler: (ctx) => (target, selection) => ctx.runs.restoreRuns(target, selection),
  },
};
