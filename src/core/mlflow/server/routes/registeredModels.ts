import { decodePageToken, encodePageToken } from '../../../search/pageToken';
import type { ModelVersion } from '../../../store/types';
import { invalidParameter } from '../errors';
import type { Fields } from '../fields';
import { modelVersionJson, registeredModelJson } from '../json';
import { MAX_RESULTS_LIMIT, type Route, type ServedStore } from '../route';

// Registered models. A model's `latest_versions` are the newest version per stage, ordered as
// MLflow's answers order them: get walks the versions in order (stages as first held), search
// reads them per stage (stages in name order).

const STAGE_ORDER = ['Archived', 'None', 'Production', 'Staging'];

export function registeredModelRoutes(store: ServedStore): Route[] {
  const modelJson = async (name: string) => registeredModelJson(await store.getRegisteredModel(name), await store.getLatestVersions(name));
  const ok = async (work: Promise<unknown>) => {
    await work;
    return {};
  };
  const getByAlias = async ({ fields }: { fields: Fields }) => ({
    model_version: modelVersionJson(await store.getModelVersionByAlias(fields.requiredStr('name'), fields.requiredStr('alias'))),
  });
  const getLatest = async ({ fields }: { fields: Fields }) => ({
    model_versions: (await store.getLatestVersions(fields.requiredStr('name'), fields.strList('stages'))).map((v) => modelVersionJson(v)),
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
        const maxResults = fields.int('max_results') ?? 100;
        if (maxResults < 1 || maxResults > 1000) throw invalidParameter(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be between 1 and 1000.`);
        const page = await store.searchRegisteredModels({
          filter: fields.str('filter') || undefined,
          orderBy: fields.strList('order_by'),
          maxResults,
          pageToken: fields.str('page_token') || undefined,
        });
        const models = await Promise.all(page.items.map(async (m) => registeredModelJson(m, byStage(await store.getLatestVersions(m.name)))));
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
      method: 'POST',
      path: 'registered-models/rename',
      async handle({ fields }) {
        const model = await store.renameRegisteredModel(fields.requiredStr('name'), fields.requiredStr('new_name'));
        return { registered_model: registeredModelJson(model, await store.getLatestVersions(model.name)) };
      },
    },
    { method: 'DELETE', path: 'registered-models/delete', handle: ({ fields }) => ok(store.deleteRegisteredModel(fields.requiredStr('name'))) },
    {
      method: 'POST',
      path: 'registered-models/set-tag',
      handle: ({ fields }) => ok(store.setRegisteredModelTag(fields.requiredStr('name'), fields.requiredStr('key'), fields.str('value') ?? '')),
    },
    {
      method: 'DELETE',
      path: 'registered-models/delete-tag',
      handle: ({ fields }) => ok(store.deleteRegisteredModelTag(fields.requiredStr('name'), fields.requiredStr('key'))),
    },
    { method: 'POST', path: 'registered-models/get-latest-versions', handle: getLatest },
    { method: 'GET', path: 'registered-models/get-latest-versions', handle: getLatest },
    {
      method: 'POST',
      path: 'registered-models/alias',
      handle: ({ fields }) => ok(store.setRegisteredModelAlias(fields.requiredStr('name'), fields.requiredStr('alias'), fields.requiredStr('version'))),
    },
    {
      method: 'DELETE',
      path: 'registered-models/alias',
      handle: ({ fields }) => ok(store.deleteRegisteredModelAlias(fields.requiredStr('name'), fields.requiredStr('alias'))),
    },
    { method: 'GET', path: 'registered-models/alias', handle: getByAlias },
  ];
}

function byStage(versions: ModelVersion[]): ModelVersion[] {
  return [...versions].sort((a, b) => STAGE_ORDER.indexOf(a.currentStage) - STAGE_ORDER.indexOf(b.currentStage));
}

export function pageOf<T>(items: T[], fields: Fields, defaultMax: number): { items: T[]; next_page_token?: string } {
  const maxResults = fields.int('max_results') ?? defaultMax;
  if (maxResults < 1 || maxResults > Math.max(defaultMax, MAX_RESULTS_LIMIT)) throw invalidParameter(`Invalid value ${maxResults} for parameter 'max_results' supplied.`);
  const offset = decodePageToken(fields.str('page_token') || undefined);
  const end = offset + maxResults;
  return { items: items.slice(offset, end), ...(end < items.length && { next_page_token: encodePageToken(end) }) };
}
