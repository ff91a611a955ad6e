import * as models from './loggedModels';
import * as read from './reads';
import { searchRegisteredModelNames } from './registeredModelSearch';
import { planModelVersion, registeredModel } from './registryEdits';
import { run } from './runs';
import type { StoreCore } from './storeCore';
import type { SqlRunner } from './sqlRunner';
import { tagPairs } from './tagPairs';
import { StoreError, type CreateModelVersion, type ModelStage, type ModelVersion, type Page, type RegisteredModel } from './types';
import * as check from './validate';

// The embedded store's model registry: registered models and model versions created, read,
// searched, described, deleted, moved between stages and given aliases, with MLflow's checks and
// messages. Renames and tags are in registryEdits.ts.

export async function createRegisteredModel(core: StoreCore, name: string, opts: { description?: string; tags?: Record<string, string> }): Promise<RegisteredModel> {
  check.checkModelName(name);
  if (read.readRegisteredModel(core.sql, name)) throw new StoreError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
  await core.commit({ op: 'createRegisteredModel', name, time: Date.now(), description: opts.description ?? '', tags: tagPairs(opts.tags) });
  return read.readRegisteredModel(core.sql, name)!;
}

export function searchRegisteredModels(sql: SqlRunner, opts: { filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string }): Page<RegisteredModel> {
  const maxResults = opts.maxResults ?? 100;
  if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 1000) throw check.invalid(`maxResults must be between 1 and 1000, got ${maxResults}.`);
  const { names, nextPageToken } = searchRegisteredModelNames(sql, { ...opts, maxResults });
  const items = names.map((n) => read.readRegisteredModel(sql, n)!);
  return nextPageToken ? { items, nextPageToken } : { items };
}

export async function deleteRegisteredModel(core: StoreCore, name: string): Promise<void> {
  registeredModel(core.sql, name);
  await core.commit({ op: 'deleteRegisteredModel', name });
}

export async function updateRegisteredModel(core: StoreCore, name: string, description: string): Promise<RegisteredModel> {
  registeredModel(core.sql, name);
  await core.commit({ op: 'updateRegisteredModel', name, description: check.checkString('Description', description, 5000), time: Date.now() });
  return registeredModel(core.sql, name);
}

export async function createModelVersion(core: StoreCore, opts: CreateModelVersion): Promise<ModelVersion> {
  registeredModel(core.sql, opts.name);
  if (opts.runId) run(core.sql, opts.runId);
  check.checkString('Model source', opts.source, 500);
  if (opts.modelId !== undefined) check.checkName('Model id', opts.modelId, 36);
  const { source, runId, storageLocation } = planModelVersion(core.sql, opts);
  const tags = tagPairs(opts.tags);
  const version = core.sql.row<[number]>("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE workspace = 'default' AND name = ?", [opts.name])![0];
  await core.commit({
    op: 'createModelVersion', name: opts.name, version, time: Date.now(), source, runId, description: opts.description ?? '', userId: null, tags,
    storageLocation, runLink: check.checkString('Run link', opts.runLink ?? '', 500),
  });
  // As MLflow's server: a second write, after the version exists, listing it on the logged model.
  if (opts.modelId) await models.tagModelVersion(core, opts.modelId, opts.name, version);
  return read.readModelVersion(core.sql, opts.name, version)!;
}

export function modelVersion(sql: SqlRunner, name: string, version: string): ModelVersion {
  const mv = read.readModelVersion(sql, name, versionNumber(version));
  if (!mv) throw check.notFound(`Model Version (name=${name}, version=${version})`);
  return mv;
}

export function searchModelVersions(sql: SqlRunner, name: string): ModelVersion[] {
  const versions = sql.rows<[number]>("SELECT version FROM model_versions WHERE workspace = 'default' AND name = ? ORDER BY version DESC", [name]);
  return versions.map(([v]) => read.readModelVersion(sql, name, v)!);
}

export async function updateModelVersion(core: StoreCore, name: string, version: string, description: string): Promise<ModelVersion> {
  modelVersion(core.sql, name, version);
  await core.commit({ op: 'updateModelVersion', name, version: versionNumber(version), description: check.checkString('Description', description, 5000), time: Date.now() });
  return modelVersion(core.sql, name, version);
}

export async function deleteModelVersion(core: StoreCore, name: string, version: string): Promise<void> {
  modelVersion(core.sql, name, version);
  await core.commit({ op: 'deleteModelVersion', name, version: versionNumber(version), time: Date.now() });
}

export async function transitionModelVersionStage(core: StoreCore, name: string, version: string, stage: ModelStage, archiveExistingVersions: boolean): Promise<ModelVersion> {
  modelVersion(core.sql, name, version);
  // As MLflow: stage names in any case; archiving others only when moving to Staging or Production.
  const canonical = (['None', 'Staging', 'Production', 'Archived'] as const).find((s) => s.toLowerCase() === String(stage).toLowerCase());
  if (!canonical) throw check.invalid(`Invalid Model Version stage: ${stage}. Value must be one of None, Staging, Production, Archived.`);
  if (archiveExistingVersions && (canonical === 'None' || canonical === 'Archived')) {
    throw check.invalid(`Model version transition cannot archive existing model versions because '${canonical}' is not an Active stage. Valid stages are Staging and Production.`);
  }
  await core.commit({ op: 'transitionStage', name, version: versionNumber(version), stage: canonical, archiveExisting: archiveExistingVersions, time: Date.now() });
  return modelVersion(core.sql, name, version);
}

export async function setRegisteredModelAlias(core: StoreCore, name: string, alias: string, version: string): Promise<void> {
  modelVersion(core.sql, name, version);
  checkAlias(alias);
  await core.commit({ op: 'setAlias', name, alias, version: versionNumber(version) });
}

export async function deleteRegisteredModelAlias(core: StoreCore, name: string, alias: string): Promise<void> {
  registeredModel(core.sql, name);
  await core.commit({ op: 'deleteAlias', name, alias });
}

export function modelVersionByAlias(sql: SqlRunner, name: string, alias: string): ModelVersion {
  registeredModel(sql, name);
  const row = sql.row<[number]>("SELECT version FROM registered_model_aliases WHERE workspace = 'default' AND name = ? AND alias = ?", [name, alias]);
  if (!row) throw check.invalid(`Registered model alias ${alias} not found.`); // MLflow's code and message: INVALID_PARAMETER_VALUE, not RESOURCE_DOES_NOT_EXIST
  return read.readModelVersion(sql, name, row[0])!;
}

function checkAlias(alias: string): void {
  check.checkName('Alias', alias, 256);
  if (/^v\d+$/i.test(alias) || alias.toLowerCase() === 'latest') throw check.invalid(`'${alias}' is reserved and cannot be used as an alias.`);
}

function versionNumber(version: string): number {
  if (!/^\d+$/.test(String(version))) throw check.invalid(`Model version must be a positive integer, got ${JSON.stringify(version)}.`);
  return Number(version);
}
