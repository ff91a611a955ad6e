import type { StoreEdits, TrackingStore } from '../../store/types';
import type { Fields } from './fields';

// One REST endpoint of MLflow's API 2.0: method, path under /api/2.0/mlflow/ (`:name` segments are
// path parameters, as in `logged-models/:model_id`), and a handler answering a JSON object.

export type ServedStore = TrackingStore & StoreEdits;

export interface RestRequest {
  fields: Fields;
  pathParams: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  handle(req: RestRequest): Promise<object>;
}

/** Maximum page size MLflow accepts for searches (SEARCH_MAX_RESULTS_THRESHOLD). */
export const MAX_RESULTS_LIMIT = 50000;
