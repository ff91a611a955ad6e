import type { AuditEntry } from '../store/audit';
import { auditAction, readEntries, recordEntries } from './auditLog';
import { RegistryError, type RegistryStore } from './registryStore';

// Rolling an alias back: the alias moves to its previous holder, read from the audit trail: the
// newest entry that moved this alias to a version other than the one holding it now (and still
// registered). Rolling back twice undoes the first rollback. Protection is not checked: the
// previous holder held the alias before, and a rollback is how a bad promotion is undone at once.

export interface RollbackPlan {
  name: string;
  alias: string;
  /** The version holding the alias now; null when the alias was removed. */
  from: string | null;
  to: string;
}

/** What a rollback would do, without doing it: for a confirmation that shows from and to. */
export async function planRollback(store: RegistryStore, input: { name: string; alias: string }): Promise<RollbackPlan> {
  const alias = input.alias.trim();
  const model = await store.getRegisteredModel(input.name);
  const from = model.aliases[alias] ?? null;
  const registered = new Set((await store.searchModelVersions({ name: input.name })).map((v) => v.version));
  const to = previousHolder(await readEntries(store, input.name), alias, from, registered);
  if (to === undefined) {
    const now = from === null ? 'no version holds it now' : `version ${from} holds it now`;
    throw new RegistryError(`Cannot roll back alias '${alias}' of '${input.name}': its audit trail records no earlier holder that is still registered (${now}).`);
  }
  return { name: input.name, alias, from, to };
}

/** With `expected` (the plan the user confirmed), refuses when the alias moved since. */
export async function rollback(
  store: RegistryStore,
  input: { name: string; alias: string; reason?: string | null; actor: string; expected?: { from: string | null; to: string } },
): Promise<{ plan: RollbackPlan; entry: AuditEntry; message: string }> {
  const plan = await planRollback(store, input);
  if (input.expected && (input.expected.from !== plan.from || input.expected.to !== plan.to)) {
    const v = (version: string | null): string => (version === null ? 'no version' : `version ${version}`);
    throw new RegistryError(`Alias '${plan.alias}' of '${plan.name}' changed since you confirmed: rolling back now goes from ${v(plan.from)} to ${v(plan.to)}. Nothing was changed; try again.`);
  }
  await store.setRegisteredModelAlias(plan.name, plan.alias, plan.to);
  const version = await store.getModelVersion(plan.name, plan.to);
  const entry: AuditEntry = {
    modelName: plan.name, version: plan.to, action: auditAction.rollback, target: plan.alias, from: plan.from, to: plan.to,
    reason: input.reason?.trim() || null, actor: input.actor, at: Date.now(), runId: version.runId || null, gitCommit: null,
  };
  await recordEntries(store, [entry]);
  const from = plan.from === null ? '' : ` from version ${plan.from}`;
  return { plan, entry, message: `Alias '${plan.alias}' of '${plan.name}' rolled back${from} to version ${plan.to}.` };
}

/** The version the alias goes back to: the newest move of it to another version that is still registered. */
export function previousHolder(entries: AuditEntry[], alias: string, current: string | null, registered: Set<string>): string | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.target !== alias || !movesAlias(e.action) || e.to === null) continue;
    if (e.to !== current && registered.has(e.to)) return e.to;
  }
  return undefined;
}

function movesAlias(action: string): boolean {
  return action === auditAction.setAlias || action === auditAction.rollback;
}
