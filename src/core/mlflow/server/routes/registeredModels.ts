import { decodePageToken, encodePageToken } from '../../../search/pageToken';
import type { ModelStage, ModelVersion } from '../../../store/types';
import { invalidParameter } from '../errors';
import type { Fields } from '../fields';
import { modelVersionJson, registeredModelJson } from '../json';
import { MAX_RESULTS_LIMIT, type Route, type ServedStore } from '../route';

export function registeredModelRoutes(store: ServedStore): Route[] {
  const modelJson = async (name: string) => registeredModelJson(await store.getRegisteredModel(name), await latestVersions(store, name));
  const getByAlias = async ({ fields }: { fields: Fields }) => ({
    model_version: modelVersionJson(await store.getModelVersionByAlias(fields.requiredStr('name'), fields.requiredStr('alias'))),
  });
  const getLatest = async ({ fields }: { fields: Fields }) => ({
    model_versions: (await latestVersions(store, fields.requiredStr('name'), fields.strList('stages'))).map(modelVersionJson),
  });
  return [
    {
      method: 'POST',
      path: 'registered-models/create',
      async handle({ fields }) {
        const model = await store.createRegisteredModel(fields.requiredStr('name'), { description: fields.str('description'), tags: fields.pairs('tags') });
        return { registered_model: registeredModelJson(model, []) };
      },
    },
    {
      method: 'GET',
      path: 'registered-models/get',
      handle: async ({ fields }) => ({ registered_model: await modelJson(fields.requiredStr('name')) }),
    },
    {
      method: 'GET',
      path: 'registered-models/search',
      async handle({ fields }) {
        if (fields.str('filter')) throw invalidParameter('This server does not filter registered models; search without a filter.');
        const orderBy = fields.strList('order_by');
        if (orderBy.some((o) => !/^\s*name(\s+ASC)?\s*$/i.test(o))) throw invalidParameter('This server orders registered models only by name ASC.');
        const maxResults = fields.int('max_results') ?? 100;
        if (maxResults < 1 || maxResults > 1000) throw invalidParameter(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be between 1 and 1000.`);
        const page = await store.searchRegisteredModels({ maxResults, pageToken: fields.str('page_token') || undefined });
        const models = await Promise.all(page.items.map(async (m) => registeredModelJson(m, await latestVersions(store, m.name))));
        return { registered_models: models, ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
      },
    },
    {
      method: 'PATCH',
      path: 'registered-models/update',
      async handle({ fields }) {
        const name = fields.requiredStr('name');
        const description = fields.str('description');
        if (description !== undefined) await store.updateRegisteredModel(name, description);
        return { registered_model: await modelJson(name) };
      },
    },
    {
      method: 'DELETE',
      path: 'registered-models/delete',
      async handle({ fields }) {
        await store.deleteRegisteredModel(fields.requiredStr('name'));
        return {};
      },
    },
    { method: 'POST', path: 'registered-models/get-latest-versions', handle: getLatest },
    { method: 'GET', path: 'registered-models/get-latest-versions', handle: getLatest },
    {
      method: 'POST',
      path: 'registered-models/alias',
      async handle({ fields }) {
        await store.setRegisteredModelAlias(fields.requiredStr('name'), fields.requiredStr('alias'), fields.requiredStr('version'));
        return {};
      },
    },
    {
      method: 'DELETE',
      path: 'registered-models/alias',
      async handle({ fields }) {
        await store.deleteRegisteredModelAlias(fields.requiredStr('name'), fields.requiredStr('alias'));
        return {};
      },
    },
    { method: 'GET', path: 'registered-models/alias', handle: getByAlias },
  ];
}

const STAGES: ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];

/** The newest version in each of `stages` (every stage when none are given), as MLflow's get_latest_versions. */
async function latestVersions(store: ServedStore, name: string, stages: string[] = []): Promise<ModelVersion[]> {
  const wanted = stages.length === 0 ? STAGES : stages.map((s) => canonicalStage(s));
  const versions = await store.searchModelVersions({ name }); // newest first
  const latest = new Map<string, ModelVersion>();
  for (const v of versions) if (wanted.includes(v.currentStage) && !latest.has(v.currentStage)) latest.set(v.currentStage, v);
  if (versions.length === 0) await store.getRegisteredModel(name); // a missing model is a 404, not an empty list
  return [...latest.values()].sort((a, b) => Number(a.version) - Number(b.version));
}

function canonicalStage(stage: string): ModelStage {
  const s = STAGES.find((x) => x.toLowerCase() === stage.toLowerCase());
  if (!s) throw invalidParameter(`Invalid Model Version stage: ${stage}. Value must be one of ${STAGES.join(', ')}.`);
  return s;
}

export function pageOf<T>(items: T[], fields: Fields, defaultMax: number): { items: T[]; next_page_token?: string } {
  const maxResults = fields.int('max_results') ?? defaultMax;
  if (maxResults < 1 || maxResults > Math.max(defaultMax, MAX_RESULTS_LIMIT)) throw invalidParameter(`Invalid value ${maxResults} for parameter 'max_results' supplied.`);
  const offset = decodePageToken(fields.str('page_token') || undefined);
  const end = offset + maxResults;
  return { items: items.slice(offset, end), ...(end < items.length && { next_page_token: encodePageToken(end) }) };
}
