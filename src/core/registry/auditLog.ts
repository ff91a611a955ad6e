import type { AuditEntry } from '../store/audit';
import { StoreError } from '../store/types';
import type { RegistryStore } from './registryStore';

// Where the registry's audit trail is kept. The embedded store has a table (store/audit.ts). A store
// without one (a real MLflow server, or our own server reached over REST while another process owns
// the store) keeps the same entries as JSON lists in tags:
//   - a registration (pipeline/register.ts): on the new version's `mlops.audit` tag;
//   - every later move (promotion, rollback, archive, deletion): on the registered model's
//     `mlops.audit` tag, continued in `mlops.audit.2`, `mlops.audit.3`, ... before one would pass
//     MLflow's limit for a registry tag value (100,000 characters). The model's tags outlive the
//     versions, so entries about a deleted version stay.
// Reading merges the three, oldest first (by `at`, then in the order they were kept). Appending to
// a tag reads it first: two writers appending at the same moment over REST can lose one entry; the
// table has no such race.

export const AUDIT_TAG = 'mlops.audit';
const maxTagChars = 90_000;

/** The actions of audit entries. `register` and `set-alias` are also what pipeline/register.ts records. */
export const auditAction = {
  register: 'register',
  setAlias: 'set-alias',
  deleteAlias: 'delete-alias',
  transitionStage: 'transition-stage',
  rollback: 'rollback',
  deleteVersion: 'delete-version',
} as const;

export async function recordEntries(store: RegistryStore, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (store.recordAudit) {
    for (const entry of entries) await store.recordAudit(entry);
    return;
  }
  const model = await store.getRegisteredModel(entries[0]!.modelName);
  const keys = auditTagKeys(model.tags);
  let key = keys.at(-1) ?? AUDIT_TAG;
  let list = parseEntries(model.tags[key]);
  for (const entry of entries) {
    if (list.length > 0 && JSON.stringify([...list, entry]).length > maxTagChars) {
      await store.setRegisteredModelTag(entry.modelName, key, JSON.stringify(list));
      key = `${AUDIT_TAG}.${keys.length + 1}`;
      keys.push(key);
      list = [];
    }
    list.push(entry);
  }
  await store.setRegisteredModelTag(entries[0]!.modelName, key, JSON.stringify(list));
}

/** Every entry about `name`, oldest first; empty for a model with none. */
export async function readEntries(store: RegistryStore, name: string): Promise<AuditEntry[]> {
  const found: AuditEntry[] = store.readAudit ? await store.readAudit(name) : [];
  const model = await registeredModel(store, name);
  if (model) {
    for (const key of auditTagKeys(model.tags)) found.push(...parseEntries(model.tags[key]));
    const versions = await store.searchModelVersions({ name });
    for (const version of [...versions].sort((a, b) => Number(a.version) - Number(b.version))) found.push(...parseEntries(version.tags[AUDIT_TAG]));
  }
  return found.map((entry, order) => ({ entry, order })).sort((a, b) => a.entry.at - b.entry.at || a.order - b.order).map(({ entry }) => entry);
}

/** `mlops.audit`, `mlops.audit.2`, ... in order. */
function auditTagKeys(tags: Record<string, string>): string[] {
  const keys = Object.keys(tags).filter((key) => key === AUDIT_TAG || /^mlops\.audit\.[1-9]\d*$/.test(key));
  const rank = (key: string): number => (key === AUDIT_TAG ? 1 : Number(key.slice(AUDIT_TAG.length + 1)));
  return keys.sort((a, b) => rank(a) - rank(b));
}

/** The entries of one tag value; items that are not entries (a hand-edited tag) are left out. */
function parseEntries(value: string | undefined): AuditEntry[] {
  if (value === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(isEntry).map((e) => ({
    modelName: e.modelName, version: e.version ?? null, action: e.action, target: e.target, from: e.from ?? null, to: e.to ?? null,
    reason: e.reason ?? null, actor: e.actor, at: e.at, runId: e.runId ?? null, gitCommit: e.gitCommit ?? null,
  }));
}

function isEntry(value: unknown): value is AuditEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const text = (k: string) => typeof e[k] === 'string';
  const optional = (k: string) => e[k] === null || e[k] === undefined || typeof e[k] === 'string';
  return text('modelName') && text('action') && text('target') && text('actor') && typeof e.at === 'number' && ['version', 'from', 'to', 'reason', 'runId', 'gitCommit'].every(optional);
}

async function registeredModel(store: RegistryStore, name: string) {
  try {
    return await store.getRegisteredModel(name);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
    throw err;
  }
}
