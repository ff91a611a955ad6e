import {
  StoreError, type DatasetInput, type Experiment, type HistoryPage, type LogBatch, type MetricHistory, type ModelOutput, type Page, type Run, type RunInfo, type RunStatus,
  type SearchRunsQuery, type StoreEdits, type TrackingStore, type ViewType,
} from '../../store/types';
import { encodePageToken } from '../../search/pageToken';
import type { MlflowHttpOptions } from './http';
import * as json from './json';
import { byNumber, RestModels } from './restModels';

// The tracking store over any MLflow Tracking Server's REST API 2.0 (self-hosted or Databricks).
// Endpoints, methods and fields follow MLflow's own REST stores (mlflow/store/tracking/rest_store.py,
// mlflow/store/model_registry/rest_store.py). Searches the interface returns whole (experiments,
// model versions, metric histories) are paged here until the server has no next page.
//
// Not atomic where MLflow's limits force a split: a log batch larger than one request allows
// (1000 values, 100 params, 100 tags) goes out as several requests, in order.

const LOG_BATCH_LIMITS = { total: 1000, params: 100, tags: 100 };
const EXPERIMENTS_PAGE = 1000;
const HISTORY_PAGE = 25_000;

export class RestStore extends RestModels implements TrackingStore, StoreEdits {
  constructor(opts: MlflowHttpOptions) {
    super(opts);
  }

  get url(): string {
    return this.http.url;
  }

  get description(): string {
    return `MLflow server ${this.http.url}`;
  }

  async close(): Promise<void> {
    // Nothing held open: every request is its own fetch.
  }

  // Experiments

  async createExperiment(name: string, opts: { artifactLocation?: string; tags?: Record<string, string> } = {}): Promise<string> {
    const res = await this.http.post<{ experiment_id?: string }>('experiments/create', {
      name, artifact_location: opts.artifactLocation, tags: json.toPairs(opts.tags),
    });
    return String(res.experiment_id ?? '');
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    const res = await this.http.get<{ experiment?: json.ExperimentJson }>('experiments/get', { experiment_id: experimentId });
    return json.toExperiment(res.experiment ?? {});
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    try {
      const res = await this.http.get<{ experiment?: json.ExperimentJson }>('experiments/get-by-name', { experiment_name: name });
      return res.experiment ? json.toExperiment(res.experiment) : undefined;
    } catch (err) {
      if (err instanceof StoreError && err.code === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw err;
    }
  }

  /** Every experiment of the view, ordered by id as the embedded store orders them (sorted here: servers differ in the orders they accept). */
  async searchExperiments(opts: { viewType?: ViewType } = {}): Promise<Experiment[]> {
    const all: Experiment[] = [];
    let pageToken: string | undefined;
    do {
      const res = await this.http.post<{ experiments?: json.ExperimentJson[]; next_page_token?: string }>('experiments/search', {
        view_type: opts.viewType ?? 'ACTIVE_ONLY', max_results: EXPERIMENTS_PAGE, page_token: pageToken,
      });
      all.push(...(res.experiments ?? []).map(json.toExperiment));
      pageToken = res.next_page_token || undefined;
    } while (pageToken);
    return all.sort((a, b) => byNumber(a.experimentId, b.experimentId));
  }

  async deleteExperiment(experimentId: string): Promise<void> {
    await this.http.post('experiments/delete', { experiment_id: experimentId });
  }

  async restoreExperiment(experimentId: string): Promise<void> {
    await this.http.post('experiments/restore', { experiment_id: experimentId });
  }

  async setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.http.post('experiments/set-experiment-tag', { experiment_id: experimentId, key, value });
  }

  async deleteExperimentTag(experimentId: string, key: string): Promise<void> {
    await this.http.post('experiments/delete-experiment-tag', { experiment_id: experimentId, key });
  }

  async renameExperiment(experimentId: string, newName: string): Promise<void> {
    await this.http.post('experiments/update', { experiment_id: experimentId, new_name: newName });
  }

  // Runs

  async createRun(opts: { experimentId: string; runName?: string; startTime?: number; userId?: string; tags?: Record<string, string> }): Promise<RunInfo> {
    const res = await this.http.post<{ run?: json.RunJson }>('runs/create', {
      experiment_id: opts.experimentId, run_name: opts.runName, start_time: opts.startTime ?? Date.now(), user_id: opts.userId, tags: json.toPairs(opts.tags),
    });
    return json.toRunInfo(res.run?.info ?? {});
  }

  async updateRun(runId: string, update: { status?: RunStatus; endTime?: number; runName?: string }): Promise<RunInfo> {
    const res = await this.http.post<{ run_info?: json.RunInfoJson }>('runs/update', {
      run_id: runId, run_uuid: runId, status: update.status, end_time: update.endTime, run_name: update.runName,
    });
    return json.toRunInfo(res.run_info ?? {});
  }

  async deleteRun(runId: string): Promise<void> {
    await this.http.post('runs/delete', { run_id: runId });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.http.post('runs/restore', { run_id: runId });
  }

  async getRun(runId: string): Promise<Run> {
    const res = await this.http.get<{ run?: json.RunJson }>('runs/get', { run_id: runId, run_uuid: runId });
    const run = json.toRun(res.run ?? {});
    run.inputs.modelInputs ??= []; // MLflow's get_run answers them, leaving the field out when there are none
    return run;
  }

  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    for (const part of splitBatch(batch)) {
      await this.http.post('runs/log-batch', {
        run_id: runId, metrics: part.metrics.map(json.fromMetric), params: part.params, tags: part.tags,
      });
    }
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.http.post('runs/delete-tag', { run_id: runId, key });
  }

  async logInputs(runId: string, inputs: DatasetInput[], modelInputs: string[] = []): Promise<void> {
    await this.http.post('runs/log-inputs', {
      run_id: runId, datasets: inputs.map(json.fromDatasetInput), ...(modelInputs.length > 0 && { models: modelInputs.map((id) => ({ model_id: id })) }),
    });
  }

  async logOutputs(runId: string, outputs: ModelOutput[]): Promise<void> {
    await this.http.post('runs/outputs', { run_id: runId, models: outputs.map((o) => ({ model_id: o.modelId, step: o.step })) });
  }

  async getMetricHistory(runId: string, key: string, page?: HistoryPage): Promise<MetricHistory> {
    const steps: number[] = [];
    const timestamps: number[] = [];
    const values: number[] = [];
    // MLflow's history page tokens are offsets (and refuse offset 0): one request for a page.
    let pageToken: string | undefined = page && page.offset > 0 ? encodePageToken(page.offset) : undefined;
    do {
      const res = await this.http.get<{ metrics?: json.MetricJson[]; next_page_token?: string }>('metrics/get-history', {
        run_id: runId, run_uuid: runId, metric_key: key, max_results: page?.maxResults ?? HISTORY_PAGE, page_token: pageToken,
      });
      for (const m of res.metrics ?? []) {
        const point = json.toMetric(m);
        steps.push(point.step);
        timestamps.push(point.timestamp);
        values.push(point.value);
      }
      pageToken = page ? undefined : res.next_page_token || undefined;
    } while (pageToken);
    return { key, steps: Float64Array.from(steps), timestamps: Float64Array.from(timestamps), values: Float64Array.from(values) };
  }

  async searchRuns(query: SearchRunsQuery): Promise<Page<Run>> {
    const res = await this.http.post<{ runs?: json.RunJson[]; next_page_token?: string }>('runs/search', {
      experiment_ids: query.experimentIds,
      filter: query.filter || undefined,
      run_view_type: query.viewType ?? 'ACTIVE_ONLY',
      max_results: query.maxResults ?? 1000,
      order_by: query.orderBy ?? [],
      page_token: query.pageToken,
    });
    const items = (res.runs ?? []).map(json.toRun);
    return res.next_page_token ? { items, nextPageToken: res.next_page_token } : { items };
  }
}

interface BatchPart {
  metrics: NonNullable<LogBatch['metrics']>;
  params: NonNullable<LogBatch['params']>;
  tags: NonNullable<LogBatch['tags']>;
}

/** Splits a batch into requests within MLflow's per-request limits; params first, as MLflow's client does. */
export function splitBatch(batch: LogBatch): BatchPart[] {
  const parts: BatchPart[] = [];
  let part: BatchPart = { metrics: [], params: [], tags: [] };
  const size = (p: BatchPart) => p.metrics.length + p.params.length + p.tags.length;
  const add = <K extends keyof BatchPart>(kind: K, limit: number, item: BatchPart[K][number]) => {
    if (size(part) >= LOG_BATCH_LIMITS.total || part[kind].length >= limit) {
      parts.push(part);
      part = { metrics: [], params: [], tags: [] };
    }
    (part[kind] as BatchPart[K][number][]).push(item);
  };
  for (const p of batch.params ?? []) add('params', LOG_BATCH_LIMITS.params, p);
  for (const t of batch.tags ?? []) add('tags', LOG_BATCH_LIMITS.tags, t);
  for (const m of batch.metrics ?? []) add('metrics', LOG_BATCH_LIMITS.total, m);
  if (size(part) > 0 || parts.length === 0) parts.push(part);
  return parts;
}
