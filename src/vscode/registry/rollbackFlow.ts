// "Roll Back Alias…" on a model or a version: pick the alias (when there is more than one), confirm
// the move from its holder to its previous holder (from the audit trail), give an optional reason.
// Called with an alias in its argument, it neither picks nor confirms.
import * as vscode from 'vscode';
import { auditAction, readEntries } from '../../core/registry/auditLog';
import { registryStore } from '../../core/registry/registryStore';
import { planRollback, rollback } from '../../core/registry/rollback';
import { actorOf, cancelled, readSnapshot, runFlow, type RegistryContext, type RegistryOutcome } from './registryContext';
import { completeTarget } from './registryPicks';
import { registryTarget, type RegistryTarget } from './registryTargets';

const confirmLabel = 'Roll Back';

export function rollbackFlow(ctx: RegistryContext, arg: unknown): Promise<RegistryOutcome> {
  return runFlow(ctx, 'Roll Back Alias', async () => {
    const target = await completeTarget(ctx, registryTarget(arg), 'Roll Back Alias', false);
    if (target === undefined) return cancelled;
    const alias = target.alias ?? (await pickAlias(ctx, target));
    if (alias === undefined) return cancelled;
    const plan = await readSnapshot(ctx, (store) => planRollback(registryStore(store), { name: target.name, alias }));
    const v = (version: string | null): string => (version === null ? 'no version' : `v${version}`);
    let reason = target.reason;
    if (target.alias === undefined) {
      const confirmed = await vscode.window.showWarningMessage(
        `Roll back @${alias} of ${target.name} from ${v(plan.from)} to ${v(plan.to)}?`,
        { modal: true, detail: `v${plan.to} held @${alias} before, as the audit trail records. The rollback is recorded there too.` },
        confirmLabel,
      );
      if (confirmed !== confirmLabel) return cancelled;
      reason = await vscode.window.showInputBox({
        title: `Roll back @${alias} of ${target.name} to v${plan.to}`,
        prompt: 'Why? (optional) The reason is kept in the audit trail.',
        placeHolder: 'e.g. error rate doubled after the switch',
        ignoreFocusOut: true,
      });
      if (reason === undefined) return cancelled;
    }
    const project = await ctx.rules().catch(() => ({ rules: undefined, root: undefined }));
    const actor = await actorOf(project);
    const done = await ctx.writer.write((writable) => rollback(writable, { name: plan.name, alias, reason: reason ?? null, actor, expected: { from: plan.from, to: plan.to } }));
    return { status: 'done', message: done.message };
  });
}

/** The version's aliases, or the model's (held now, or moved before as the audit trail records). */
async function pickAlias(ctx: RegistryContext, target: RegistryTarget): Promise<string | undefined> {
  const aliases = await readSnapshot(ctx, async (store) => {
    const held = target.version !== undefined ? (await store.getModelVersion(target.name, target.version)).aliases : Object.keys((await store.getRegisteredModel(target.name)).aliases);
    const moved = target.version !== undefined ? [] : (await readEntries(registryStore(store), target.name)).filter((e) => e.action === auditAction.setAlias || e.action === auditAction.rollback).map((e) => e.target);
    return [...new Set([...held, ...moved])].sort();
  });
  if (aliases.length === 0) throw new Error(`${target.version === undefined ? `'${target.name}'` : `v${target.version} of '${target.name}'`} holds no alias to roll back.`);
  if (aliases.length === 1) return aliases[0];
  const picked = await vscode.window.showQuickPick(aliases.map((alias) => ({ label: `@${alias}`, alias })), { title: `Roll back an alias of ${target.name}`, placeHolder: 'Pick the alias to move back to its previous holder' });
  return picked?.alias;
}
