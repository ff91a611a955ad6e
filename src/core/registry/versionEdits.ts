import { GATE_TAG_PREFIX } from '../pipeline/gateRecord';
import type { AuditEntry } from '../store/audit';
import { AUDIT_TAG, auditAction, recordEntries } from './auditLog';
import { modelVersion, promote, type PromoteOutcome, type ProtectionRules } from './promote';
import { RegistryError, type RegistryStore } from './registryStore';

// The registry's other edits: archive a version (a stage transition, protected and audited as any),
// delete a version (audited, with the aliases it held), descriptions and tags. Tags the workbench
// relies on (gate results, the audit trail) cannot be set or removed by hand: protection trusts them.

export function archive(store: RegistryStore, config: ProtectionRules, input: { name: string; version: string; reason?: string | null; actor: string }): Promise<PromoteOutcome> {
  return promote(store, config, { ...input, stage: 'Archived' });
}

export async function deleteVersion(store: RegistryStore, input: { name: string; version: string; reason?: string | null; actor: string }): Promise<{ entries: AuditEntry[]; message: string }> {
  const version = await modelVersion(store, input.name, input.version);
  await store.deleteModelVersion(input.name, version.version);
  const base = { modelName: input.name, version: version.version, reason: input.reason?.trim() || null, actor: input.actor, at: Date.now(), runId: version.runId || null, gitCommit: null };
  const entries: AuditEntry[] = [
    ...[...version.aliases].sort().map((alias): AuditEntry => ({ ...base, action: auditAction.deleteAlias, target: alias, from: version.version, to: null })),
    { ...base, action: auditAction.deleteVersion, target: `models:/${input.name}/${version.version}`, from: version.currentStage, to: null },
  ];
  await recordEntries(store, entries);
  const aliases = version.aliases.length > 0 ? ` (it held ${version.aliases.map((a) => `@${a}`).join(' ')})` : '';
  return { entries, message: `Deleted version ${version.version} of '${input.name}'${aliases}.` };
}

/** A version's description, or the model's when `version` is absent. */
export async function setDescription(store: RegistryStore, input: { name: string; version?: string; description: string }): Promise<void> {
  if (input.version === undefined) await store.updateRegisteredModel(input.name, input.description);
  else await store.updateModelVersion(input.name, (await modelVersion(store, input.name, input.version)).version, input.description);
}

/** A version's tag, or the model's when `version` is absent. */
export async function setTag(store: RegistryStore, input: { name: string; version?: string; key: string; value: string }): Promise<void> {
  const key = checkEditableTag(input.key);
  if (input.version === undefined) await store.setRegisteredModelTag(input.name, key, input.value);
  else await store.setModelVersionTag(input.name, (await modelVersion(store, input.name, input.version)).version, key, input.value);
}

export async function deleteTag(store: RegistryStore, input: { name: string; version?: string; key: string }): Promise<void> {
  const key = checkEditableTag(input.key);
  if (input.version === undefined) await store.deleteRegisteredModelTag(input.name, key);
  else await store.deleteModelVersionTag(input.name, (await modelVersion(store, input.name, input.version)).version, key);
}

/** The key, trimmed; refuses the tags protection and the audit trail are read from. */
export function checkEditableTag(key: string): string {
  const trimmed = key.trim();
  if (trimmed === '') throw new RegistryError('A tag needs a key.');
  if (trimmed.startsWith(GATE_TAG_PREFIX)) throw new RegistryError(`Tag '${trimmed}' records a gate's result, which protection relies on: only the pipeline sets it.`);
  if (trimmed === AUDIT_TAG || trimmed.startsWith(`${AUDIT_TAG}.`)) throw new RegistryError(`Tag '${trimmed}' holds the audit trail: it cannot be edited by hand.`);
  return trimmed;
}
