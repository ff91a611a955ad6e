import { invalidParameter } from '../errors';
import { loggedModelJson, loggedModelStatus } from '../json';
import type { Route, ServedStore } from '../route';

// MLflow 3's logged models: create, get, finalize. Search, delete, tags and params after creation
// are not served: the store has no such operations yet.

export function loggedModelRoutes(store: ServedStore): Route[] {
  return [
    {
      method: 'POST',
      path: 'logged-models',
      async handle({ fields }) {
        const model = await store.createLoggedModel({
          experimentId: fields.requiredStr('experiment_id'),
          name: fields.str('name') || `model-${Date.now().toString(36)}`,
          sourceRunId: fields.str('source_run_id') || undefined,
          modelType: fields.str('model_type') || undefined,
          params: fields.pairs('params'),
          tags: fields.pairs('tags'),
        });
        return { model: loggedModelJson(model) };
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
      async handle({ fields, pathParams }) {
        const raw = fields.requiredStr('status');
        const status = loggedModelStatus(raw);
        if (!status) throw invalidParameter(`A logged model is finalized as LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED, not ${raw}.`);
        return { model: loggedModelJson(await store.finalizeLoggedModel(pathParams.model_id, status)) };
      },
    },
  ];
}
