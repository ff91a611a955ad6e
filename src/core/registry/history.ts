import type { AuditEntry } from '../store/audit';
import { StoreError } from '../store/types';
import { auditAction, readEntries } from './auditLog';
import { RegistryError, type RegistryStore } from './registryStore';

// A registered model's history as people read it: each entry of its audit trail, oldest first, with
// what changed in a few words. The CLI prints it as a table (`mlops models history`), the editor as
// a Markdown document.

/** Oldest first. A model that does not exist and has no entries is an error; a deleted model's recorded entries are still shown. */
export async function history(store: RegistryStore, name: string): Promise<AuditEntry[]> {
  const entries = await readEntries(store, name);
  if (entries.length === 0) {
    try {
      await store.getRegisteredModel(name);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') throw new RegistryError(`Registered model '${name}' does not exist.`);
      throw err;
    }
  }
  return entries;
}

/** What the entry changed: `@champion v2 → v3`, `v3 Staging → Production`, `v3 registered`. */
export function describeChange(e: AuditEntry): string {
  const v = (version: string | null): string => (version === null ? 'none' : `v${version}`);
  switch (e.action) {
    case auditAction.register:
      return `${v(e.version)} registered`;
    case auditAction.setAlias:
      return `@${e.target} ${e.from === null ? '' : `${v(e.from)} → `}${v(e.to)}`;
    case auditAction.rollback:
      return `@${e.target} rolled back ${v(e.from)} → ${v(e.to)}`;
    case auditAction.deleteAlias:
      return `@${e.target} removed from ${v(e.from)}`;
    case auditAction.transitionStage:
      return `${v(e.version)} ${e.from ?? 'None'} → ${e.to ?? 'None'}`;
    case auditAction.deleteVersion:
      return `${v(e.version)} deleted`;
    default:
      return `${e.action} ${e.target}${e.from === null && e.to === null ? '' : ` ${e.from ?? '-'} → ${e.to ?? '-'}`}`;
  }
}

/** The audit entry in MLflow's JSON style for `--json`: times as ISO text beside the milliseconds. */
export function entryJson(e: AuditEntry): AuditEntry & { time: string; change: string } {
  return { ...e, time: new Date(e.at).toISOString(), change: describeChange(e) };
}
