import type { LoggedModelOrder } from '../../../store/types';
import { invalidParameter } from '../errors';
import type { Fields } from '../fields';
import { loggedModelJson, loggedModelStatus } from '../json';
import type { Route, ServedStore } from '../route';

// MLflow 3's logged models: create, get, finalize (PATCH), delete, search, tags (set with PATCH
// .../tags, delete one with DELETE .../tags/<key>), params (POST .../params).

export function loggedModelRoutes(store: ServedStore): Route[] {
  const ok = async (work: Promise<unknown>) => {
    await work;
    return {};
  };
  return [
    {
      method: 'POST',
      path: 'logged-models',
      async handle({ fields }) {
        const model = await store.createLoggedModel({
          experimentId: fields.requiredStr('experiment_id'),
          name: fields.str('name') || `model-${Date.now().toString(36)}`,
          sourceRunId: fields.str('source_run_id') || undefined,
          modelType: fields.str('model_type') ?? '', // as MLflow's handler: an absent model_type is stored as ''
          params: fields.pairs('params'),
          tags: fields.pairs('tags'),
        });
        return { model: loggedModelJson(model) };
      },
    },
    {
      method: 'POST',
      path: 'logged-models/search',
      async handle({ fields }) {
        const experimentIds = fields.strList('experiment_ids');
        if (experimentIds.length === 0) throw invalidParameter("Missing value for required parameter 'experiment_ids'.");
        const page = await store.searchLoggedModels({
          experimentIds,
          filter: fields.str('filter') || undefined,
          datasets: fields.list('datasets').map((d) => ({ datasetName: d.requiredStr('dataset_name'), datasetDigest: d.str('dataset_digest') || undefined })),
          orderBy: fields.list('order_by').map(order),
          maxResults: fields.int('max_results') || undefined,
          pageToken: fields.str('page_token') || undefined,
        });
        return { models: page.items.map(loggedModelJson), ...(page.nextPageToken && { next_page_token: page.nextPageToken }) };
      },
    },
    {
      method: 'GET',
      path: 'logged-models/:model_id',
      handle: async ({ pathParams }) => ({ model: loggedModelJson(await store.getLoggedModel(pathParams.model_id)) }),
    },
    {
      method: 'PATCH',
      path: 'logged-models/:model_id',
      async handle({ fields }) {
        // As MLflow's handler: the model is the body's model_id (required), not the path's.
        const modelId = fields.requiredStr('model_id');
        return { model: loggedModelJson(await store.finalizeLoggedModel(modelId, finalStatus(fields))) };
      },
    },
    { method: 'DELETE', path: 'logged-models/:model_id', handle: ({ pathParams }) => ok(store.deleteLoggedModel(pathParams.model_id)) },
    {
      method: 'PATCH',
      path: 'logged-models/:model_id/tags',
      handle: ({ fields, pathParams }) => ok(store.setLoggedModelTags(pathParams.model_id, fields.pairs('tags'))),
    },
    {
      method: 'DELETE',
      path: 'logged-models/:model_id/tags/:tag_key',
      handle: ({ pathParams }) => ok(store.deleteLoggedModelTag(pathParams.model_id, pathParams.tag_key)),
    },
    {
      method: 'POST',
      path: 'logged-models/:model_id/params',
      async handle({ fields, pathParams }) {
        fields.requiredStr('model_id'); // required in the body, as MLflow's handler does; the path names the model
        return ok(store.logLoggedModelParams(pathParams.model_id, fields.pairs('params')));
      },
    },
  ];
}

/** The status a logged model is finalized with: its enum name, or its number as protobuf also reads it. */
function finalStatus(f: Fields): 'READY' | 'FAILED' {
  if (!f.has('status')) throw invalidParameter("Missing value for required parameter 'status'.");
  let raw: string;
  try {
    raw = f.str('status')!;
  } catch {
    raw = String(f.int('status'));
  }
  const byNumber: Record<string, string> = { '2': 'LOGGED_MODEL_READY', '3': 'LOGGED_MODEL_UPLOAD_FAILED' };
  const status = loggedModelStatus(byNumber[raw] ?? raw);
  if (!status) throw invalidParameter(`A logged model is finalized as LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED, not ${raw}.`);
  return status;
}

function order(f: Fields): LoggedModelOrder {
  return {
    fieldName: f.requiredStr('field_name'),
    ascending: f.bool('ascending') ?? true,
    ...(f.str('dataset_name') && { datasetName: f.str('dataset_name') }),
    ...(f.str('dataset_digest') && { datasetDigest: f.str('dataset_digest') }),
  };
}
