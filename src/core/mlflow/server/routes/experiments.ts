import { decodePageToken, encodePageToken } from '../../../search/pageToken';
import type { Experiment, ViewType } from '../../../store/types';
import { invalidParameter, notFound } from '../errors';
import type { Fields } from '../fields';
import { experimentJson } from '../json';
import { MAX_RESULTS_LIMIT, type Route, type ServedStore } from '../route';

export function experimentRoutes(store: ServedStore): Route[] {
  return [
    {
      method: 'POST',
      path: 'experiments/create',
      async handle({ fields }) {
        const name = fields.requiredStr('name');
        const artifactLocation = fields.str('artifact_location') || undefined;
        return { experiment_id: await store.createExperiment(name, { artifactLocation, tags: fields.pairs('tags') }) };
      },
    },
    {
      method: 'GET',
      path: 'experiments/get',
      async handle({ fields }) {
        return { experiment: experimentJson(await store.getExperiment(fields.requiredStr('experiment_id'))) };
      },
    },
    {
      method: 'GET',
      path: 'experiments/get-by-name',
      async handle({ fields }) {
        const name = fields.requiredStr('experiment_name');
        const experiment = await store.getExperimentByName(name);
        if (!experiment) throw notFound(`Could not find experiment with name '${name}'`);
        return { experiment: experimentJson(experiment) };
      },
    },
    { method: 'POST', path: 'experiments/search', handle: ({ fields }) => searchExperiments(store, fields) },
    { method: 'GET', path: 'experiments/search', handle: ({ fields }) => searchExperiments(store, fields) },
    {
      method: 'POST',
      path: 'experiments/update',
      async handle({ fields }) {
        const id = fields.requiredStr('experiment_id');
        const newName = fields.str('new_name');
        if (newName) await store.renameExperiment(id, newName);
        else await store.getExperiment(id);
        return {};
      },
    },
    {
      method: 'POST',
      path: 'experiments/delete',
      async handle({ fields }) {
        await store.deleteExperiment(fields.requiredStr('experiment_id'));
        return {};
      },
    },
    {
      method: 'POST',
      path: 'experiments/restore',
      async handle({ fields }) {
        await store.restoreExperiment(fields.requiredStr('experiment_id'));
        return {};
      },
    },
    {
      method: 'POST',
      path: 'experiments/delete-experiment-tag',
      async handle({ fields }) {
        await store.deleteExperimentTag(fields.requiredStr('experiment_id'), fields.requiredStr('key'));
        return {};
      },
    },
    {
      method: 'POST',
      path: 'experiments/set-experiment-tag',
      async handle({ fields }) {
        await store.setExperimentTag(fields.requiredStr('experiment_id'), fields.requiredStr('key'), fields.str('value') ?? '');
        return {};
      },
    },
  ];
}

const VIEW_TYPES: ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];

/** A view type by name (or by its proto number in a query string), ACTIVE_ONLY when absent. */
export function viewType(fields: Fields, name: string): ViewType {
  const v = fields.str(name);
  if (v === undefined || v === '') return 'ACTIVE_ONLY';
  const byNumber = /^[123]$/.test(v) ? VIEW_TYPES[Number(v) - 1] : undefined;
  const type = byNumber ?? VIEW_TYPES.find((t) => t === v);
  if (!type) throw invalidParameter(`Invalid value ${JSON.stringify(v)} for parameter '${name}': expected one of ${VIEW_TYPES.join(', ')}.`);
  return type;
}

// Ordered as MLflow's default (creation_time DESC, experiment_id ASC). Filters and other orders are
// not served: this store cannot search experiments by them, and a silently ignored filter would lie.
async function searchExperiments(store: ServedStore, fields: Fields): Promise<object> {
  if (fields.str('filter')) throw invalidParameter('This server does not filter experiments; search without a filter.');
  if (fields.strList('order_by').length > 0) throw invalidParameter('This server orders experiments only by creation_time DESC; search without order_by.');
  const maxResults = fields.int('max_results') ?? 1000;
  if (maxResults < 1 || maxResults > MAX_RESULTS_LIMIT) throw invalidParameter(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most ${MAX_RESULTS_LIMIT}.`);
  const offset = decodePageToken(fields.str('page_token') || undefined);
  const all = (await store.searchExperiments({ viewType: viewType(fields, 'view_type') })).sort(byCreationDesc);
  const page = all.slice(offset, offset + maxResults);
  return {
    experiments: page.map(experimentJson),
    ...(offset + maxResults < all.length && { next_page_token: encodePageToken(offset + maxResults) }),
  };
}

function byCreationDesc(a: Experiment, b: Experiment): number {
  return b.creationTime - a.creationTime || Number(a.experimentId) - Number(b.experimentId);
}
