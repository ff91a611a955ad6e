// What the registry commands share: where they read (the active backend's snapshot), where they
// write (storeWriter.ts), the documents they open, mlops.yaml's rules, and how an outcome is told.
import * as vscode from 'vscode';
import { currentActor } from '../../core/pipeline/actor';
import type { TrackingStore } from '../../core/store/types';
import type { StoreReader } from '../backend/storeReader';
import type { StoreWriter } from '../backend/storeWriter';
import type { ProjectRules } from './projectRules';
import type { RegistryDocuments } from './registryDocuments';

export interface RegistryContext {
  reader: StoreReader;
  writer: StoreWriter;
  documents: RegistryDocuments;
  rules(): Promise<ProjectRules>;
  log: vscode.LogOutputChannel;
}

/** What a registry command did; commands return it, so tests and callers can tell. */
export interface RegistryOutcome {
  status: 'done' | 'unchanged' | 'blocked' | 'cancelled' | 'failed';
  message: string;
}

export const cancelled: RegistryOutcome = { status: 'cancelled', message: '' };

export function snapshotStore(ctx: RegistryContext): TrackingStore {
  const store = ctx.reader.store;
  if (store === undefined) throw new Error('No tracking store is open: run the pipeline first, or choose a tracking backend.');
  return store;
}

/**
 * Runs `read` on the active backend's snapshot. A snapshot is replaced (and closed) when the store
 * changes; a read caught by that is run again on the new one. Never spans a prompt: a user may take
 * any time to answer, so each read takes the snapshot of its moment.
 */
export async function readSnapshot<T>(ctx: RegistryContext, read: (store: TrackingStore) => Promise<T>): Promise<T> {
  for (;;) {
    const store = snapshotStore(ctx);
    try {
      return await read(store);
    } catch (error) {
      if (ctx.reader.store !== store && ctx.reader.store !== undefined) continue;
      throw error;
    }
  }
}

export async function actorOf(project: ProjectRules): Promise<string> {
  return currentActor(project.root ?? process.cwd());
}

/** Runs a command's flow; a failure is shown as an error message (and logged), never thrown at VS Code. */
export async function runFlow(ctx: RegistryContext, what: string, flow: () => Promise<RegistryOutcome>): Promise<RegistryOutcome> {
  try {
    const outcome = await flow();
    if (outcome.status === 'done' || outcome.status === 'unchanged') void vscode.window.showInformationMessage(outcome.message);
    return outcome;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.error(`${what} failed`, error);
    void vscode.window.showErrorMessage(`${what}: ${message}`);
    return { status: 'failed', message };
  }
}
