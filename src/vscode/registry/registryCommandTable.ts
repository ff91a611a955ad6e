// The Models view's registry commands. Each takes, from a tree row's menu, the row's element (a
// registered model or a model version); from the palette, nothing (quick picks ask); from code, an
// object naming what it acts on, which skips the matching prompts (registryTargets.ts), e.g.
// `{ name: 'churn', version: '3', alias: 'champion', reason: '…' }`. Each resolves with its
// outcome (registryContext.ts), or with the opened document's Uri for Show History / Gate Results.
import type { CommandSpec } from '../commands/commandTable';

export const RegistryCommandId = {
  promoteModelVersion: 'mlops.promoteModelVersion',
  rollBackAlias: 'mlops.rollBackAlias',
  showModelHistory: 'mlops.showModelHistory',
  showGateResults: 'mlops.showGateResults',
  archiveModelVersion: 'mlops.archiveModelVersion',
  deleteModelVersion: 'mlops.deleteModelVersion',
  editModelDescription: 'mlops.editModelDescription',
  setModelTag: 'mlops.setModelTag',
} as const;

export type RegistryCommandId = (typeof RegistryCommandId)[keyof typeof RegistryCommandId];

export interface RegistryCommandHandlers {
  promote(target?: unknown): Promise<unknown>;
  rollBack(target?: unknown): Promise<unknown>;
  showHistory(target?: unknown): Promise<unknown>;
  showGateResults(target?: unknown): Promise<unknown>;
  archive(target?: unknown): Promise<unknown>;
  deleteVersion(target?: unknown): Promise<unknown>;
  editDescription(target?: unknown): Promise<unknown>;
  setTag(target?: unknown): Promise<unknown>;
}

export const registryCommandTable: Record<RegistryCommandId, CommandSpec> = {
  [RegistryCommandId.promoteModelVersion]: {
    title: 'Promote…',
    icon: '$(rocket)',
    handler: (ctx) => (target) => ctx.registry.promote(target),
  },
  [RegistryCommandId.rollBackAlias]: {
    title: 'Roll Back Alias…',
    icon: '$(discard)',
    handler: (ctx) => (target) => ctx.registry.rollBack(target),
  },
  [RegistryCommandId.showModelHistory]: {
    title: 'Show History',
    icon: '$(history)',
    handler: (ctx) => (target) => ctx.registry.showHistory(target),
  },
  [RegistryCommandId.showGateResults]: {
    title: 'Show Gate Results',
    icon: '$(checklist)',
    handler: (ctx) => (target) => ctx.registry.showGateResults(target),
  },
  [RegistryCommandId.archiveModelVersion]: {
    title: 'Archive',
    icon: '$(archive)',
    handler: (ctx) => (target) => ctx.registry.archive(target),
  },
  [RegistryCommandId.deleteModelVersion]: {
    title: 'Delete Version',
    icon: '$(trash)',
    handler: (ctx) => (target) => ctx.registry.deleteVersion(target),
  },
  [RegistryCommandId.editModelDescription]: {
    title: 'Edit Description…',
    icon: '$(edit)',
    handler: (ctx) => (target) => ctx.registry.editDescription(target),
  },
  [RegistryCommandId.setModelTag]: {
    title: 'Set Tag…',
    icon: '$(tag)',
    handler: (ctx) => (target) => ctx.registry.setTag(target),
  },
};
