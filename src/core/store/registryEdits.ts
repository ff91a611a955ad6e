import * as read from './reads';
import type { StoreCore } from './storeCore';
import type { SqlRunner } from './sqlRunner';
import { StoreError, type CreateModelVersion, type ModelStage, type ModelVersion, type RegisteredModel } from './types';
import * as check from './validate';

// Registry edits of the embedded store beyond create/delete/alias/stage, with MLflow 3.17.2's
// checks, codes and messages (model_registry/sqlalchemy_store.py), and where a new version's files
// and run come from when its source is a `models:/` URI (the store, and the server's
// _resolve_registered_model_source_lineage, which every face here shares).

const MAX_TAG_VALUE = 100_000; // MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH
const STAGES: ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];
const WS = "workspace = 'default'";

export function registeredModel(sql: SqlRunner, name: string): RegisteredModel {
  const model = read.readRegisteredModel(sql, name);
  if (!model) throw check.notFound(`Registered Model with name=${name}`);
  return model;
}

export function modelVersion(sql: SqlRunner, name: string, version: string | number): ModelVersion {
  const mv = read.readModelVersion(sql, name, check.checkVersion(version));
  if (!mv) throw check.notFound(`Model Version (name=${name}, version=${version})`);
  return mv;
}

export async function renameRegisteredModel(core: StoreCore, name: string, newName: string): Promise<RegisteredModel> {
  check.checkModelName(newName);
  registeredModel(core.sql, name);
  if (newName !== name && read.readRegisteredModel(core.sql, newName)) throw new StoreError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${newName}) already exists.`);
  await core.commit({ op: 'renameRegisteredModel', name, newName, time: Date.now() });
  return registeredModel(core.sql, newName);
}

function tag(key: unknown, value: unknown): [string, string] {
  const k = check.checkKey('Tag', key);
  if (value === null || value === undefined) throw check.invalid('Tag value cannot be None');
  return [k, check.checkString(`Tag '${k}' value`, value, MAX_TAG_VALUE)];
}

export async function setRegisteredModelTag(core: StoreCore, name: string, key: string, value: string): Promise<void> {
  check.checkModelName(name);
  const [k, v] = tag(key, value);
  registeredModel(core.sql, name);
  await core.commit({ op: 'setRegisteredModelTag', name, key: k, value: v });
}

export async function deleteRegisteredModelTag(core: StoreCore, name: string, key: string): Promise<void> {
  check.checkModelName(name);
  check.checkKey('Tag', key);
  registeredModel(core.sql, name);
  if (core.sql.row(`SELECT 1 FROM registered_model_tags WHERE ${WS} AND name = ? AND key = ?`, [name, key])) {
    await core.commit({ op: 'deleteRegisteredModelTag', name, key });
  }
}

export async function setModelVersionTag(core: StoreCore, name: string, version: string, key: string, value: string): Promise<void> {
  check.checkModelName(name);
  const [k, v] = tag(key, value);
  const mv = modelVersion(core.sql, name, version);
  await core.commit({ op: 'setModelVersionTag', name, version: Number(mv.version), key: k, value: v });
}

export async function deleteModelVersionTag(core: StoreCore, name: string, version: string, key: string): Promise<void> {
  check.checkModelName(name);
  check.checkKey('Tag', key);
  const mv = modelVersion(core.sql, name, version);
  if (core.sql.row(`SELECT 1 FROM model_version_tags WHERE ${WS} AND name = ? AND version = ? AND key = ?`, [name, Number(mv.version), key])) {
    await core.commit({ op: 'deleteModelVersionTag', name, version: Number(mv.version), key });
  }
}

/**
 * The newest version in each stage, as MLflow's get_latest_versions: stages in the order their
 * lowest version first holds them (MLflow walks the versions in order, keeping one per stage).
 */
export function latestVersions(sql: SqlRunner, name: string, stages: string[] = []): ModelVersion[] {
  registeredModel(sql, name);
  const wanted = stages.length === 0 ? STAGES : stages.map(canonicalStage);
  const latest = new Map<string, number>();
  for (const [version, stage] of sql.rows<[number, string | null]>(`SELECT version, current_stage FROM model_versions WHERE ${WS} AND name = ? ORDER BY version`, [name])) {
    const s = stage ?? 'None';
    if (!latest.has(s) || latest.get(s)! < version) latest.set(s, version);
  }
  return [...latest.entries()].filter(([stage]) => wanted.includes(stage as ModelStage)).map(([, v]) => read.readModelVersion(sql, name, v)!);
}

export function canonicalStage(stage: string): ModelStage {
  const s = STAGES.find((x) => x.toLowerCase() === String(stage).toLowerCase());
  if (!s) throw check.invalid(`Invalid Model Version stage: ${stage}. Value must be one of ${STAGES.join(', ')}.`);
  return s;
}

/** MLflow's get_model_version_download_uri: the storage location when there is one, else the source. */
export function downloadUri(sql: SqlRunner, name: string, version: string): string {
  const mv = modelVersion(sql, name, version);
  const row = sql.row<[string | null, string | null]>(`SELECT storage_location, source FROM model_versions WHERE ${WS} AND name = ? AND version = ?`, [name, Number(mv.version)]);
  return row?.[0] || row?.[1] || '';
}

export interface PlannedVersion {
  source: string;
  runId: string;
  storageLocation: string;
}

/**
 * Where a new version's files are and which run made it. A `models:/<model_id>` source points at
 * a logged model (its artifact location, its source run); `models:/<name>/<version>` (or `@alias`,
 * `/latest`, `/<stage>`) at another version, whose run and logged model it inherits unless given,
 * and is stored as `models:/<name>/<version>`, as MLflow's server does.
 */
export function planModelVersion(sql: SqlRunner, opts: CreateModelVersion): PlannedVersion {
  let { source } = opts;
  let runId = opts.runId ?? '';
  let storageLocation = source;
  const parsed = parseModelsUri(source);
  if (parsed?.modelId !== undefined) {
    const model = read.readLoggedModel(sql, parsed.modelId);
    if (!model) throw check.invalid(`Unable to fetch model from model URI source artifact location '${source}': logged model '${parsed.modelId}' not found.`);
    storageLocation = model.artifactLocation;
    runId ||= model.sourceRunId ?? '';
  } else if (parsed?.name !== undefined) {
    registeredModel(sql, parsed.name);
    const version = resolveVersion(sql, parsed);
    const target = modelVersion(sql, parsed.name, version);
    if ((opts.runId !== undefined && opts.runId !== target.runId) || (opts.modelId !== undefined && opts.modelId !== modelIdOf(target))) {
      throw check.invalid(`Invalid model version source: '${source}'. The run_id and model_id request parameters must match the referenced model version.`);
    }
    source = `models:/${parsed.name}/${target.version}`;
    runId = opts.runId ?? target.runId;
    storageLocation = downloadUri(sql, parsed.name, target.version);
  }
  if (!runId && opts.modelId) {
    const model = read.readLoggedModel(sql, opts.modelId);
    if (!model) throw check.invalid(`Invalid model version source: '${source}'. The model_id request parameter must identify the resource that contains the source.`);
    runId = model.sourceRunId ?? '';
  }
  return { source, runId, storageLocation };
}

function modelIdOf(mv: ModelVersion): string {
  return parseModelsUri(mv.source)?.modelId ?? '';
}

type ParsedModelsUri = { modelId: string; name?: undefined } | { name: string; version?: string; alias?: string; stage?: string; modelId?: undefined };

/** MLflow's _parse_model_uri for `models:/` URIs; undefined for any other scheme. */
export function parseModelsUri(uri: string): ParsedModelsUri | undefined {
  const m = /^models:(\/\/[^/]*)?(\/.*)?$/.exec(uri);
  if (!m) return undefined;
  const bad = () => check.invalid(`Not a proper models:/ URI: ${uri}. Models URIs must be of the form 'models:/name/suffix' or 'models:/name@alias'.`);
  const p = m[2] ?? '';
  if (!p.startsWith('/') || p.length <= 1) throw bad();
  const parts = p.replace(/^\/+/, '').split('/');
  if (parts.length > 2 || parts[0].trim() === '') throw bad();
  if (parts.length === 2) {
    const [name, suffix] = parts;
    if (suffix.trim() === '') throw bad();
    if (/^\d+$/.test(suffix)) return { name, version: suffix };
    if (suffix.toLowerCase() === 'latest') return { name };
    return { name, stage: suffix };
  }
  if (p.includes('@')) {
    const at = parts[0].lastIndexOf('@');
    const alias = parts[0].slice(at + 1);
    if (at < 0 || alias.trim() === '') throw bad();
    return { name: parts[0].slice(0, at), alias };
  }
  return { modelId: parts[0] };
}

function resolveVersion(sql: SqlRunner, p: { name: string; version?: string; alias?: string; stage?: string }): string {
  if (p.version) return p.version;
  if (p.alias) {
    const row = sql.row<[number]>(`SELECT version FROM registered_model_aliases WHERE ${WS} AND name = ? AND alias = ?`, [p.name, p.alias]);
    if (!row) throw check.invalid(`Registered model alias ${p.alias} not found.`);
    return String(row[0]);
  }
  const latest = latestVersions(sql, p.name, p.stage ? [p.stage] : []);
  if (latest.length === 0) throw check.notFound(`No versions of model with name '${p.name}'${p.stage ? ` and stage '${p.stage}'` : ''}`);
  return String(Math.max(...latest.map((v) => Number(v.version))));
}
