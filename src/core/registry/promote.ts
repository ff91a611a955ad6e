import type { PipelineConfig } from '../config/pipelineConfig';
import { checkProtection, type ProtectionTarget, type ProtectionVerdict } from '../pipeline/protection';
import { runTag } from '../pipeline/runTags';
import type { AuditEntry } from '../store/audit';
import { StoreError, type ModelStage, type ModelVersion } from '../store/types';
import { auditAction, recordEntries } from './auditLog';
import { RegistryError, type RegistryStore } from './registryStore';

// Promotion: moving an alias to a model version, or transitioning the version to a registry stage,
// with a reason. Where mlops.yaml protects the alias or stage (`protect`), a version whose required
// gates did not pass is refused, and the message names each gate and why. Every promotion is kept in
// the audit trail (auditLog.ts): an alias's entry goes from its previous holder to the version, a
// stage's from the version's previous stage to the new one.

export const modelStages: readonly ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];

export interface PromoteInput {
  name: string;
  version: string;
  /** Exactly one of `alias` and `stage`. */
  alias?: string;
  stage?: string;
  reason?: string | null;
  /** Who promotes, as the audit trail records it (pipeline/actor.ts). */
  actor: string;
  /** Default: the commit of the version's source run (`mlflow.source.git.commit`). */
  gitCommit?: string | null;
  /** With a stage of Staging or Production: the versions already there move to Archived (MLflow's archive_existing_versions). */
  archiveExisting?: boolean;
}

export type PromoteOutcome =
  | { status: 'promoted'; entries: AuditEntry[]; message: string }
  | { status: 'unchanged'; message: string }
  | { status: 'blocked'; verdict: ProtectionVerdict; message: string };

/** The rules of protection: mlops.yaml's `register` and `protect`; undefined when there is no mlops.yaml (nothing is protected). */
export type ProtectionRules = Pick<PipelineConfig, 'register' | 'protect'> | undefined;

export async function promote(store: RegistryStore, config: ProtectionRules, input: PromoteInput): Promise<PromoteOutcome> {
  const target = promotionTarget(input);
  const version = await modelVersion(store, input.name, input.version);
  const subject = `Version ${version.version} of '${input.name}'`;
  const from = target.kind === 'alias' ? ((await store.getRegisteredModel(input.name)).aliases[target.name] ?? null) : version.currentStage;
  const to = target.kind === 'alias' ? version.version : target.name;
  if (from === to) return { status: 'unchanged', message: `${subject} already ${target.kind === 'alias' ? `holds alias '${target.name}'` : `is in stage ${to}`}.` };

  const verdict = config ? await checkProtection(config, target, { name: input.name, version: version.version }, store) : undefined;
  if (verdict && !verdict.allowed) return { status: 'blocked', verdict, message: verdict.message };

  const others = target.kind === 'stage' && input.archiveExisting ? await versionsIn(store, input.name, target.name, version.version) : [];
  if (target.kind === 'alias') await store.setRegisteredModelAlias(input.name, target.name, version.version);
  else await store.transitionModelVersionStage(input.name, version.version, target.name as ModelStage, input.archiveExisting ?? false);

  const at = Date.now();
  const gitCommit = input.gitCommit === undefined ? await sourceCommit(store, version) : input.gitCommit;
  const entry = (about: ModelVersion, action: string, targetName: string, entryFrom: string | null, entryTo: string, reason: string | null): AuditEntry => ({
    modelName: input.name, version: about.version, action, target: targetName, from: entryFrom, to: entryTo, reason, actor: input.actor, at, runId: about.runId || null,
    gitCommit: about === version ? gitCommit : null,
  });
  const reason = input.reason?.trim() || null;
  const entries = [entry(version, target.kind === 'alias' ? auditAction.setAlias : auditAction.transitionStage, target.name, from, to, reason)];
  for (const other of others) entries.push(entry(other, auditAction.transitionStage, 'Archived', other.currentStage, 'Archived', `archived as version ${version.version} entered ${target.name}`));
  await recordEntries(store, entries);

  const moved = target.kind === 'alias' ? `now holds alias '${target.name}'${from ? ` (moved from version ${from})` : ''}` : `moved from stage ${from} to ${to}`;
  const archived = others.length > 0 ? `; archived ${others.map((o) => `version ${o.version}`).join(', ')}` : '';
  return { status: 'promoted', entries, message: `${subject} ${moved}${archived}.` };
}

/** The alias or stage named in the input, checked; a stage in MLflow's spelling. */
export function promotionTarget(input: { alias?: string; stage?: string }): ProtectionTarget {
  if ((input.alias === undefined) === (input.stage === undefined)) throw new RegistryError('Promote to an alias or to a stage: give exactly one of them.');
  if (input.alias !== undefined) {
    const alias = input.alias.trim();
    if (alias === '') throw new RegistryError('The alias must not be empty.');
    return { kind: 'alias', name: alias };
  }
  const stage = modelStages.find((s) => s.toLowerCase() === input.stage!.trim().toLowerCase());
  if (!stage) throw new RegistryError(`Unknown stage '${input.stage}'. The stages are ${modelStages.join(', ')}.`);
  return { kind: 'stage', name: stage };
}

export async function modelVersion(store: RegistryStore, name: string, version: string): Promise<ModelVersion> {
  if (!/^[1-9]\d*$/.test(version.trim())) throw new RegistryError(`'${version}' is not a model version: give its number, e.g. 3.`);
  try {
    return await store.getModelVersion(name, version.trim());
  } catch (err) {
    if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') throw new RegistryError(`Version ${version.trim()} of '${name}' does not exist.`);
    throw err;
  }
}

async function versionsIn(store: RegistryStore, name: string, stage: string, except: string): Promise<ModelVersion[]> {
  if (stage !== 'Staging' && stage !== 'Production') return [];
  return (await store.searchModelVersions({ name })).filter((v) => v.currentStage === stage && v.version !== except);
}

/** The commit the version was built from, when its source run recorded one. */
async function sourceCommit(store: RegistryStore, version: ModelVersion): Promise<string | null> {
  if (!version.runId) return null;
  try {
    const commit = (await store.getRun(version.runId)).data.tags[runTag.gitCommit];
    return commit && /^[0-9a-f]{4,40}$/i.test(commit) ? commit : null;
  } catch (err) {
    if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') return null; // a run kept in another tracking store
    throw err;
  }
}
