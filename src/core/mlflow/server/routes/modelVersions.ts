import type { ModelStage } from '../../../store/types';
import { invalidParameter } from '../errors';
import type { Fields } from '../fields';
import { modelVersionJson } from '../json';
import type { Route, ServedStore } from '../route';
import { pageOf } from './registeredModels';

export function modelVersionRoutes(store: ServedStore): Route[] {
  const nameAndVersion = (f: Fields) => [f.requiredStr('name'), f.requiredStr('version')] as const;
  return [
    {
      method: 'POST',
      path: 'model-versions/create',
      async handle({ fields }) {
        const version = await store.createModelVersion({
          name: fields.requiredStr('name'),
          source: fields.requiredStr('source'),
          runId: fields.str('run_id') || undefined,
          description: fields.str('description'),
          tags: fields.pairs('tags'),
        });
        return { model_version: modelVersionJson(version) };
      },
    },
    {
      method: 'GET',
      path: 'model-versions/get',
      handle: async ({ fields }) => ({ model_version: modelVersionJson(await store.getModelVersion(...nameAndVersion(fields))) }),
    },
    {
      method: 'GET',
      path: 'model-versions/search',
      async handle({ fields }) {
        const name = nameFilter(fields.str('filter') ?? '');
        if (fields.strList('order_by').length > 0) throw invalidParameter('This server orders model versions only by version, newest first; search without order_by.');
        const page = pageOf(await store.searchModelVersions({ name }), fields, 200000);
        return { model_versions: page.items.map(modelVersionJson), ...(page.next_page_token && { next_page_token: page.next_page_token }) };
      },
    },
    {
      method: 'PATCH',
      path: 'model-versions/update',
      async handle({ fields }) {
        const [name, version] = nameAndVersion(fields);
        const description = fields.str('description');
        const mv = description === undefined ? await store.getModelVersion(name, version) : await store.updateModelVersion(name, version, description);
        return { model_version: modelVersionJson(mv) };
      },
    },
    {
      method: 'DELETE',
      path: 'model-versions/delete',
      async handle({ fields }) {
        await store.deleteModelVersion(...nameAndVersion(fields));
        return {};
      },
    },
    {
      method: 'POST',
      path: 'model-versions/transition-stage',
      async handle({ fields }) {
        const [name, version] = nameAndVersion(fields);
        const stage = fields.requiredStr('stage') as ModelStage;
        const mv = await store.transitionModelVersionStage(name, version, stage, fields.bool('archive_existing_versions') ?? false);
        return { model_version: modelVersionJson(mv) };
      },
    },
    {
      method: 'GET',
      path: 'model-versions/get-download-uri',
      handle: async ({ fields }) => ({ artifact_uri: (await store.getModelVersion(...nameAndVersion(fields))).source }),
    },
  ];
}

/**
 * The registered model a model-version search is about. The store searches one model's versions,
 * so the filter must be `name = '...'` (what the mlflow client sends); anything else is refused.
 */
function nameFilter(filter: string): string {
  const m = /^\s*name\s*=\s*(?:'((?:[^']|'')*)'|"((?:[^"]|"")*)")\s*$/.exec(filter);
  if (!m) throw invalidParameter(`This server searches model versions by name only: filter "name = '<model>'", got ${JSON.stringify(filter)}.`);
  return m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2].replace(/""/g, '"');
}
