import { randomUUID } from 'node:crypto';
import type { StoredModelMetric } from './loggedModelOps';
import { searchLoggedModelIds } from './loggedModelSearch';
import * as read from './reads';
import type { StoreCore } from './storeCore';
import type { SqlRunner } from './sqlRunner';
import { StoreError, type LoggedMetric, type LoggedModel, type ModelOutput, type Page, type SearchLoggedModelsQuery } from './types';
import * as check from './validate';

// The embedded store's writes and reads of MLflow 3's logged models after creation, and of the
// links between runs and logged models, with MLflow 3.17.2's checks and codes
// (tracking/sqlalchemy_store.py): a write MLflow's database would refuse on a key conflict is
// BAD_REQUEST, as its server answers it.

const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

const uuid = () => randomUUID().replace(/-/g, '');

/** A logged model, deleted ones too when `allowDeleted` (MLflow's writes find those; get and search do not). */
export function loggedModel(sql: SqlRunner, modelId: string, opts: { allowDeleted?: boolean } = {}): LoggedModel {
  const model = typeof modelId === 'string' ? read.readLoggedModel(sql, modelId, opts) : undefined;
  if (!model) throw check.notFound(`Logged model with ID '${modelId}'`);
  return model;
}

function pairs(kind: string, record: Record<string, string> | undefined, max: number): [string, string][] {
  return Object.entries(record ?? {}).map(([k, v]) => [check.checkKey(kind, k), check.checkString(`${kind} '${k}' value`, v, max)]);
}

export async function logOutputs(core: StoreCore, runId: string, outputs: ModelOutput[]): Promise<void> {
  const rows = outputs.map((o): [string, string, number] => [uuid(), check.checkName('Model id', o?.modelId, 36), check.checkInteger('Model output step', o.step ?? 0)]);
  const seen = new Set<string>();
  for (const [, modelId] of rows) {
    const stored = core.sql.row("SELECT 1 FROM inputs WHERE source_type = 'RUN_OUTPUT' AND source_id = ? AND destination_type = 'MODEL_OUTPUT' AND destination_id = ?", [runId, modelId]);
    if (stored || seen.has(modelId)) throw new StoreError('BAD_REQUEST', `Run '${runId}' already has logged model '${modelId}' as an output.`);
    seen.add(modelId);
  }
  await core.commit({ op: 'logOutputs', runId, outputs: rows });
}

export async function setLoggedModelTags(core: StoreCore, modelId: string, tags: Record<string, string>): Promise<void> {
  const model = loggedModel(core.sql, modelId, { allowDeleted: true });
  await core.commit({ op: 'setLoggedModelTags', modelId, experimentId: Number(model.experimentId), tags: pairs('Tag', tags, 8000) });
}

export async function deleteLoggedModelTag(core: StoreCore, modelId: string, key: string): Promise<void> {
  loggedModel(core.sql, modelId, { allowDeleted: true });
  if (!core.sql.row('SELECT 1 FROM logged_model_tags WHERE model_id = ? AND tag_key = ?', [modelId, key])) {
    throw new StoreError('RESOURCE_DOES_NOT_EXIST', `No tag with key '${key}' found for model with ID '${modelId}'.`);
  }
  await core.commit({ op: 'deleteLoggedModelTag', modelId, key });
}

export async function logLoggedModelParams(core: StoreCore, modelId: string, params: Record<string, string>): Promise<void> {
  const model = loggedModel(core.sql, modelId, { allowDeleted: true });
  const rows = pairs('Param', params, 6000);
  for (const [k] of rows) {
    if (core.sql.row('SELECT 1 FROM logged_model_params WHERE model_id = ? AND param_key = ?', [modelId, k])) {
      throw new StoreError('BAD_REQUEST', `Logged model '${modelId}' already has param '${k}'; a logged model's params cannot change.`);
    }
  }
  await core.commit({ op: 'logLoggedModelParams', modelId, experimentId: Number(model.experimentId), params: rows });
}

export async function deleteLoggedModel(core: StoreCore, modelId: string): Promise<void> {
  loggedModel(core.sql, modelId, { allowDeleted: true });
  await core.commit({ op: 'deleteLoggedModel', modelId, time: Date.now() });
}

export function searchLoggedModels(sql: SqlRunner, query: SearchLoggedModelsQuery): Page<LoggedModel> {
  const { ids, nextPageToken } = searchLoggedModelIds(sql, query);
  const items = ids.map((id) => read.readLoggedModel(sql, id)!);
  return nextPageToken ? { items, nextPageToken } : { items };
}

/** The points of a batch that also belong to a logged model, stored as MLflow's _log_model_metrics stores them. */
export function modelMetrics(sql: SqlRunner, metrics: LoggedMetric[]): StoredModelMetric[] {
  const out: StoredModelMetric[] = [];
  const seen = new Set<string>();
  for (const m of metrics) {
    if (m.modelId === undefined || m.modelId === null || m.modelId === '') continue;
    loggedModel(sql, m.modelId, { allowDeleted: true });
    const [key, value, timestamp, step] = check.toStoredPoint(m);
    const datasetName = m.datasetName ? check.checkString('Dataset name', m.datasetName, 500) : null;
    const datasetDigest = m.datasetDigest ? check.checkString('Dataset digest', m.datasetDigest, 36) : null;
    const id = JSON.stringify([m.modelId, key, timestamp, step]);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push([m.modelId, key, value, timestamp, step, datasetName, datasetDigest]);
  }
  return out;
}

/**
 * Adds `{name, version}` to the logged model's `mlflow.modelVersions` tag, as MLflow's server does
 * after creating a version from a logged model (abstract_store.set_model_versions_tags): the tag is
 * Python's json.dumps of the list, the version a number.
 */
export async function tagModelVersion(core: StoreCore, modelId: string, name: string, version: number): Promise<void> {
  const model = loggedModel(core.sql, modelId, { allowDeleted: true });
  const entry = { name, version };
  let list: unknown[] = [entry];
  const existing = model.tags[MODEL_VERSIONS_TAG];
  if (existing) {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (Array.isArray(parsed)) {
        const present = parsed.some((e) => typeof e === 'object' && e !== null && Object.keys(e).length === 2 && e.name === name && e.version === version);
        list = present ? parsed : [...parsed, entry];
      }
    } catch {
      // not JSON: replaced by a list holding this version
    }
  }
  await core.commit({ op: 'setLoggedModelTags', modelId, experimentId: Number(model.experimentId), tags: [[MODEL_VERSIONS_TAG, pythonJson(list)]] });
}

/** JSON as Python's json.dumps writes it (", " and ": " separators, non-ASCII escaped). */
export function pythonJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return `{${Object.entries(v).map(([k, x]) => `${pythonString(k)}: ${pythonJson(x)}`).join(', ')}}`;
  if (typeof v === 'string') return pythonString(v);
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return JSON.stringify(v) ?? 'null';
}

function pythonString(s: string): string {
  const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
  let out = '"';
  for (const ch of s) {
    if (escapes[ch]) out += escapes[ch];
    else if (ch >= ' ' && ch <= '~') out += ch;
    else {
      const code = ch.codePointAt(0)!;
      const units = code > 0xffff ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code];
      out += units.map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join('');
    }
  }
  return `${out}"`;
}
