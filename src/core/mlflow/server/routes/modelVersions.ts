import type { ModelStage } from '../../../store/types';
import { invalidParameter } from '../errors';
import type { Fields } from '../fields';
import { modelVersionJson } from '../json';
import { validateModelVersionSource } from '../modelVersionSource';
import type { Route, ServedStore } from '../route';
import { pageOf } from './registeredModels';

export function modelVersionRoutes(store: ServedStore): Route[] {
  const nameAndVersion = (f: Fields) => [f.requiredStr('name'), f.requiredStr('version')] as const;
  const ok = async (work: Promise<unknown>) => {
    await work;
    return {};
  };
  return [
    {
      method: 'POST',
      path: 'model-versions/create',
      async handle({ fields }) {
        const name = fields.requiredStr('name');
        const source = fields.requiredStr('source');
        const runId = fields.str('run_id');
        const modelId = fields.str('model_id');
        await validateModelVersionSource(store, source, runId ?? '', modelId ?? '');
        const version = await store.createModelVersion({
          name,
          source,
          runId: runId || undefined,
          modelId: modelId || undefined,
          runLink: fields.str('run_link') ?? '',
          description: fields.str('description') ?? '',
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
        // MLflow's default order: last updated first, then the newest version.
        const versions = (await store.searchModelVersions({ name })).sort((x, y) => y.lastUpdatedTime - x.lastUpdatedTime || Number(y.version) - Number(x.version));
        const page = pageOf(versions, fields, 200000);
        // MLflow's search leaves each version's aliases out; get and get-by-alias answer them.
        return { model_versions: page.items.map((v) => modelVersionJson(v, { aliases: false })), ...(page.next_page_token && { next_page_token: page.next_page_token }) };
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
      handle: ({ fields }) => ok(store.deleteModelVersion(...nameAndVersion(fields))),
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
      handle: async ({ fields }) => ({ artifact_uri: await store.getModelVersionDownloadUri(...nameAndVersion(fields)) }),
    },
    {
      method: 'POST',
      path: 'model-versions/set-tag',
      handle: ({ fields }) => ok(store.setModelVersionTag(...nameAndVersion(fields), fields.requiredStr('key'), fields.str('value') ?? '')),
    },
    {
      method: 'DELETE',
      path: 'model-versions/delete-tag',
      handle: ({ fields }) => ok(store.deleteModelVersionTag(...nameAndVersion(fields), fields.requiredStr('key'))),
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
