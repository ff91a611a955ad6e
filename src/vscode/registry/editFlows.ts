// The Models view's other actions: Show History, Show Gate Results, Archive, Delete Version (after a
// modal confirmation), Edit Description…, Set Tag…. Each completes its target with quick picks
// where the palette gave none, writes through the StoreWriter, and tells the outcome.
import * as vscode from 'vscode';
import { archive, deleteVersion, setDescription, setTag, checkEditableTag } from '../../core/registry/versionEdits';
import { actorOf, cancelled, readSnapshot, runFlow, type RegistryContext, type RegistryOutcome } from './registryContext';
import { RegistryDocuments } from './registryDocuments';
import { completeTarget } from './registryPicks';
import { registryTarget } from './registryTargets';

/** Resolves with the document's Uri (for callers and tests), undefined when dismissed or failed. */
export async function showHistoryFlow(ctx: RegistryContext, arg: unknown): Promise<vscode.Uri | undefined> {
  let uri: vscode.Uri | undefined;
  await runFlow(ctx, 'Show History', async () => {
    const target = await completeTarget(ctx, registryTarget(arg), 'Show History', false);
    if (target !== undefined) uri = await ctx.documents.show(RegistryDocuments.historyUri(target.name));
    return cancelled;
  });
  return uri;
}

export async function showGatesFlow(ctx: RegistryContext, arg: unknown): Promise<vscode.Uri | undefined> {
  let uri: vscode.Uri | undefined;
  await runFlow(ctx, 'Show Gate Results', async () => {
    const target = await completeTarget(ctx, registryTarget(arg), 'Show Gate Results', true);
    if (target?.version !== undefined) uri = await ctx.documents.show(RegistryDocuments.gatesUri(target.name, target.version));
    return cancelled;
  });
  return uri;
}

export function archiveFlow(ctx: RegistryContext, arg: unknown): Promise<RegistryOutcome> {
  return runFlow(ctx, 'Archive', async () => {
    const target = await completeTarget(ctx, registryTarget(arg), 'Archive', true);
    if (target?.version === undefined) return cancelled;
    const { name, version } = target;
    const project = await ctx.rules();
    const actor = await actorOf(project);
    const outcome = await ctx.writer.write((store) => archive(store, project.rules, { name, version, reason: target.reason ?? null, actor }));
    if (outcome.status === 'blocked') {
      void vscode.window.showErrorMessage(outcome.message);
      return { status: 'blocked', message: outcome.message };
    }
    return { status: outcome.status === 'promoted' ? 'done' : 'unchanged', message: outcome.message };
  });
}

export function deleteVersionFlow(ctx: RegistryContext, arg: unknown): Promise<RegistryOutcome> {
  return runFlow(ctx, 'Delete Version', async () => {
    const target = await completeTarget(ctx, registryTarget(arg), 'Delete Version', true);
    if (target?.version === undefined) return cancelled;
    const { name, version } = target;
    const held = (await readSnapshot(ctx, (store) => store.getModelVersion(name, version))).aliases;
    const aliases = held.length > 0 ? ` It holds ${held.map((a) => `@${a}`).join(' ')}: ${held.length > 1 ? 'those aliases go' : 'that alias goes'} with it.` : '';
    const confirmed = await vscode.window.showWarningMessage(
      `Delete version ${version} of ${name}?`,
      { modal: true, detail: `The version leaves the registry; its run and artifacts stay.${aliases} This cannot be undone; the deletion is recorded in the audit trail.` },
      'Delete',
    );
    if (confirmed !== 'Delete') return cancelled;
    const actor = await actorOf(await ctx.rules().catch(() => ({ rules: undefined, root: undefined })));
    const done = await ctx.writer.write((writable) => deleteVersion(writable, { name, version, reason: target.reason ?? null, actor }));
    return { status: 'done', message: done.message };
  });
}

export function editDescriptionFlow(ctx: RegistryContext, arg: unknown): Promise<RegistryOutcome> {
  return runFlow(ctx, 'Edit Description', async () => {
    const target = await completeTarget(ctx, registryTarget(arg), 'Edit Description', false);
    if (target === undefined) return cancelled;
    const { name, version } = target;
    const what = version === undefined ? name : `${name} v${version}`;
    const current = await readSnapshot(ctx, async (store) => (version === undefined ? (await store.getRegisteredModel(name)).description : (await store.getModelVersion(name, version)).description));
    const description = target.description ?? (await vscode.window.showInputBox({ title: `Description of ${what}`, value: current, prompt: 'Empty clears it.', ignoreFocusOut: true }));
    if (description === undefined) return cancelled;
    await ctx.writer.write((writable) => setDescription(writable, { name, version, description }));
    return { status: 'done', message: `Updated the description of ${what}.` };
  });
}

export function setTagFlow(ctx: RegistryContext, arg: unknown): Promise<RegistryOutcome> {
  return runFlow(ctx, 'Set Tag', async () => {
    const target = await completeTarget(ctx, registryTarget(arg), 'Set Tag', false);
    if (target === undefined) return cancelled;
    const { name, version } = target;
    const what = version === undefined ? name : `${name} v${version}`;
    const key = target.key ?? (await vscode.window.showInputBox({ title: `Set a tag on ${what}`, prompt: 'Tag key', placeHolder: 'e.g. owner', validateInput: tagKeyProblem }));
    if (key === undefined) return cancelled;
    const value = target.value ?? (await vscode.window.showInputBox({ title: `Set tag ${key.trim()} on ${what}`, prompt: 'Tag value', ignoreFocusOut: true }));
    if (value === undefined) return cancelled;
    await ctx.writer.write((writable) => setTag(writable, { name, version, key, value }));
    return { status: 'done', message: `Set tag ${key.trim()} on ${what}.` };
  });
}

function tagKeyProblem(key: string): string | undefined {
  try {
    checkEditableTag(key);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
