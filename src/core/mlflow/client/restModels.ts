import {
  StoreError, type CreateModelVersion, type LoggedModel, type ModelStage, type ModelVersion, type Page, type RegisteredModel, type SearchLoggedModelsQuery,
} from '../../store/types';
import { MlflowHttp, type MlflowHttpOptions } from './http';
import * as json from './json';

// The model registry and MLflow 3's logged models over any MLflow Tracking Server's REST API 2.0,
// as MLflow's own REST stores call them (mlflow/store/model_registry/rest_store.py, and the logged
// model calls of mlflow/store/tracking/rest_store.py). RestStore (restStore.ts) adds experiments,
// runs and metrics.

const MODEL_VERSIONS_PAGE = 10_000; // MLflow's SEARCH_MODEL_VERSION_MAX_RESULTS_DEFAULT

export abstract class RestModels {
  protected readonly http: MlflowHttp;

  constructor(opts: MlflowHttpOptions) {
    this.http = new MlflowHttp(opts);
  }

  // Registered models and versions

  async createRegisteredModel(name: string, opts: { description?: string; tags?: Record<string, string> } = {}): Promise<RegisteredModel> {
    const res = await this.http.post<{ registered_model?: json.RegisteredModelJson }>('registered-models/create', {
      name, description: opts.description, tags: json.toPairs(opts.tags),
    });
    return json.toRegisteredModel(res.registered_model ?? {});
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    const res = await this.http.get<{ registered_model?: json.RegisteredModelJson }>('registered-models/get', { name });
    return json.toRegisteredModel(res.registered_model ?? {});
  }

  async searchRegisteredModels(opts: { filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string } = {}): Promise<Page<RegisteredModel>> {
    const res = await this.http.get<{ registered_models?: json.RegisteredModelJson[]; next_page_token?: string }>('registered-models/search', {
      filter: opts.filter || undefined, max_results: opts.maxResults ?? 100, order_by: opts.orderBy?.length ? opts.orderBy : ['name ASC'], page_token: opts.pageToken,
    });
    const items = (res.registered_models ?? []).map(json.toRegisteredModel);
    return res.next_page_token ? { items, nextPageToken: res.next_page_token } : { items };
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.http.delete('registered-models/delete', { name });
  }

  async createModelVersion(opts: CreateModelVersion): Promise<ModelVersion> {
    const res = await this.http.post<{ model_version?: json.ModelVersionJson }>('model-versions/create', {
      name: opts.name, source: opts.source, run_id: opts.runId, model_id: opts.modelId, run_link: opts.runLink, description: opts.description, tags: json.toPairs(opts.tags),
    });
    return json.toModelVersion(res.model_version ?? {});
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    const res = await this.http.get<{ model_version?: json.ModelVersionJson }>('model-versions/get', { name, version });
    return json.toModelVersion(res.model_version ?? {});
  }

  /**
   * Every version of the model, newest first (sorted here), as the embedded store lists them. MLflow's search
   * leaves each version's aliases out (only get answers them), so they come from the model's alias map.
   */
  async searchModelVersions(opts: { name: string }): Promise<ModelVersion[]> {
    const model = await this.getRegisteredModel(opts.name).catch((err: unknown) => {
      if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw err;
    });
    if (!model) return [];
    const { aliases } = model;
    const all: ModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const res = await this.http.get<{ model_versions?: json.ModelVersionJson[]; next_page_token?: string }>('model-versions/search', {
        filter: `name = ${quoteFilterString(opts.name)}`, max_results: MODEL_VERSIONS_PAGE, page_token: pageToken,
      });
      all.push(...(res.model_versions ?? []).map(json.toModelVersion));
      pageToken = res.next_page_token || undefined;
    } while (pageToken);
    for (const v of all) v.aliases = Object.keys(aliases).filter((alias) => aliases[alias] === v.version).sort();
    return all.sort((a, b) => byNumber(b.version, a.version));
  }

  async transitionModelVersionStage(name: string, version: string, stage: ModelStage, archiveExistingVersions = false): Promise<ModelVersion> {
    const res = await this.http.post<{ model_version?: json.ModelVersionJson }>('model-versions/transition-stage', {
      name, version, stage, archive_existing_versions: archiveExistingVersions,
    });
    return json.toModelVersion(res.model_version ?? {});
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    await this.http.post('registered-models/alias', { name, alias, version });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await this.http.delete('registered-models/alias', { name, alias });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const res = await this.http.get<{ model_version?: json.ModelVersionJson }>('registered-models/alias', { name, alias });
    return json.toModelVersion(res.model_version ?? {});
  }


  async getLatestVersions(name: string, stages: string[] = []): Promise<ModelVersion[]> {
    const res = await this.http.post<{ model_versions?: json.ModelVersionJson[] }>('registered-models/get-latest-versions', { name, stages });
    return (res.model_versions ?? []).map(json.toModelVersion);
  }

  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    const res = await this.http.get<{ artifact_uri?: string }>('model-versions/get-download-uri', { name, version });
    return res.artifact_uri ?? '';
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    const res = await this.http.post<{ registered_model?: json.RegisteredModelJson }>('registered-models/rename', { name, new_name: newName });
    return json.toRegisteredModel(res.registered_model ?? {});
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    const res = await this.http.patch<{ registered_model?: json.RegisteredModelJson }>('registered-models/update', { name, description });
    return json.toRegisteredModel(res.registered_model ?? {});
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.http.post('registered-models/set-tag', { name, key, value });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await this.http.delete('registered-models/delete-tag', { name, key });
  }

  async updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    const res = await this.http.patch<{ model_version?: json.ModelVersionJson }>('model-versions/update', { name, version, description });
    return json.toModelVersion(res.model_version ?? {});
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    await this.http.delete('model-versions/delete', { name, version });
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.http.post('model-versions/set-tag', { name, version, key, value });
  }

  async deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    await this.http.delete('model-versions/delete-tag', { name, version, key });
  }

  // Logged models (MLflow 3)

  async createLoggedModel(opts: { experimentId: string; name: string; sourceRunId?: string; modelType?: string; params?: Record<string, string>; tags?: Record<string, string> }): Promise<LoggedModel> {
    const res = await this.http.post<{ model?: json.LoggedModelJson }>('logged-models', {
      experiment_id: opts.experimentId, name: opts.name, source_run_id: opts.sourceRunId, model_type: opts.modelType,
      params: json.toPairs(opts.params), tags: json.toPairs(opts.tags),
    });
    return json.toLoggedModel(res.model ?? {});
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    const res = await this.http.get<{ model?: json.LoggedModelJson }>(`logged-models/${encodeURIComponent(modelId)}`);
    return json.toLoggedModel(res.model ?? {});
  }

  async finalizeLoggedModel(modelId: string, status: 'READY' | 'FAILED'): Promise<LoggedModel> {
    const res = await this.http.patch<{ model?: json.LoggedModelJson }>(`logged-models/${encodeURIComponent(modelId)}`, {
      model_id: modelId, status: json.LOGGED_MODEL_STATUS_JSON[status],
    });
    return json.toLoggedModel(res.model ?? {});
  }

  async searchLoggedModels(query: SearchLoggedModelsQuery): Promise<Page<LoggedModel>> {
    const res = await this.http.post<{ models?: json.LoggedModelJson[]; next_page_token?: string }>('logged-models/search', {
      experiment_ids: query.experimentIds,
      filter: query.filter || undefined,
      datasets: query.datasets?.map((d) => ({ dataset_name: d.datasetName, dataset_digest: d.datasetDigest })),
      order_by: query.orderBy?.map((o) => ({ field_name: o.fieldName, ascending: o.ascending ?? true, dataset_name: o.datasetName, dataset_digest: o.datasetDigest })),
      max_results: query.maxResults,
      page_token: query.pageToken,
    });
    const items = (res.models ?? []).map(json.toLoggedModel);
    return res.next_page_token ? { items, nextPageToken: res.next_page_token } : { items };
  }

  async deleteLoggedModel(modelId: string): Promise<void> {
    await this.http.delete(`logged-models/${encodeURIComponent(modelId)}`, {});
  }

  async setLoggedModelTags(modelId: string, tags: Record<string, string>): Promise<void> {
    await this.http.patch(`logged-models/${encodeURIComponent(modelId)}/tags`, { model_id: modelId, tags: json.toPairs(tags) });
  }

  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    await this.http.delete(`logged-models/${encodeURIComponent(modelId)}/tags/${encodeURIComponent(key)}`, {});
  }

  async logLoggedModelParams(modelId: string, params: Record<string, string>): Promise<void> {
    await this.http.post(`logged-models/${encodeURIComponent(modelId)}/params`, { model_id: modelId, params: json.toPairs(params) });
  }
}

/** Ids and versions are numbers written as strings; anything else falls back to text order. */
export function byNumber(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A string literal for MLflow's registry filter: single quotes unless the value holds one. */
function quoteFilterString(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  throw new StoreError('INVALID_PARAMETER_VALUE', `A model name holding both ' and " cannot be searched on an MLflow server: ${value}`);
}
