import type { Metric } from '../src/core/store/types';
import { seededRandom } from '../test/fixtures/random';
import { timed } from './measure';

// The REST workloads of figures 7-9, the same requests sent to either tracking server (ours or the
// real MLflow): plain fetch against /api/2.0/mlflow, as the mlflow client sends them.

export interface TrackingServer {
  readonly url: string;
  /** Extra headers on every request: ours needs the bearer token, MLflow none. */
  readonly headers: Record<string, string>;
}

export async function rest(server: TrackingServer, endpoint: string, body?: unknown, query?: Record<string, string>): Promise<Record<string, unknown>> {
  const qs = query ? `?${new URLSearchParams(query)}` : '';
  const res = await fetch(`${server.url}/api/2.0/mlflow/${endpoint}${qs}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...server.headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${server.url} answered ${res.status} to ${endpoint}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function createExperiment(server: TrackingServer, name: string): Promise<string> {
  return (await rest(server, 'experiments/create', { name })).experiment_id as string;
}

export async function createRun(server: TrackingServer, experimentId: string, runName: string): Promise<string> {
  const answer = await rest(server, 'runs/create', { experiment_id: experimentId, run_name: runName, start_time: Date.now() });
  return (answer.run as { info: { run_id: string } }).info.run_id;
}

/** Sends every batch with POST runs/log-batch, each answered before the next is sent; returns ms. */
export async function logBatches(server: TrackingServer, runId: string, batches: Iterable<Metric[]>): Promise<number> {
  let total = 0;
  for (const metrics of batches) {
    const body = { run_id: runId, metrics };
    total += (await timed(() => rest(server, 'runs/log-batch', body)))[0];
  }
  return total;
}

export const SEARCH_RUNS = 2_000;
export const SEARCH_FILTER = "metrics.loss < 0.8 and params.optimizer != 'sgd'";
export const SEARCH_ORDER_BY = ['metrics.accuracy DESC'];
export const SEARCH_PAGE = 1_000;

/** The runs figure 8 searches: each with three params and three metrics, the same on every call. */
export function* searchRunsData(): Generator<{ runName: string; params: { key: string; value: string }[]; metrics: Metric[] }> {
  const random = seededRandom(20261126);
  const timestamp = Date.UTC(2026, 0, 1);
  for (let i = 0; i < SEARCH_RUNS; i++) {
    yield {
      runName: `search-${i}`,
      params: [
        { key: 'lr', value: String(random.pick([0.1, 0.01, 0.001])) },
        { key: 'batch_size', value: String(random.pick([32, 64, 128])) },
        { key: 'optimizer', value: random.pick(['adam', 'sgd', 'adamw']) },
      ],
      metrics: ['loss', 'accuracy', 'f1'].map((key) => ({ key, value: random.next(), timestamp, step: 0 })),
    };
  }
}

/** Creates the search runs through REST, `concurrency` requests in flight (seeding is not timed). */
export async function seedSearchRuns(server: TrackingServer, experimentId: string, concurrency: number): Promise<void> {
  const runs = [...searchRunsData()];
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const run = runs[next++];
      const runId = await createRun(server, experimentId, run.runName);
      await rest(server, 'runs/log-batch', { run_id: runId, params: run.params, metrics: run.metrics });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** One filtered, ordered runs/search paged through to the end: [ms, run names in order]. */
export function searchAll(server: TrackingServer, experimentId: string): Promise<[number, string[]]> {
  return timed(async () => {
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const answer = await rest(server, 'runs/search', {
        experiment_ids: [experimentId], filter: SEARCH_FILTER, order_by: SEARCH_ORDER_BY, max_results: SEARCH_PAGE, ...(pageToken && { page_token: pageToken }),
      });
      for (const run of (answer.runs ?? []) as { info: { run_name: string } }[]) names.push(run.info.run_name);
      pageToken = answer.next_page_token as string | undefined;
    } while (pageToken);
    return names;
  });
}

/** The mlflow client's own page size for metric history (GET_METRIC_HISTORY_MAX_RESULTS). */
export const HISTORY_PAGE = 25_000;
export const HISTORY_POINTS = 100_000;
export const HISTORY_METRIC = 'val/loss';

/** The one metric figure 9 reads, in batches of 1,000 points. */
export function* historyBatches(): Generator<Metric[]> {
  const random = seededRandom(20261127);
  const start = Date.UTC(2026, 0, 1);
  for (let first = 0; first < HISTORY_POINTS; first += 1_000) {
    const batch: Metric[] = [];
    for (let step = first; step < first + 1_000; step++) batch.push({ key: HISTORY_METRIC, value: random.next(), timestamp: start + step * 37, step });
    yield batch;
  }
}

/** metrics/get-history paged as the mlflow client pages it: [ms, points read]. */
export function historyAll(server: TrackingServer, runId: string): Promise<[number, number]> {
  return timed(async () => {
    let points = 0;
    let pageToken: string | undefined;
    do {
      const query: Record<string, string> = { run_id: runId, metric_key: HISTORY_METRIC, max_results: String(HISTORY_PAGE) };
      if (pageToken) query.page_token = pageToken;
      const answer = await rest(server, 'metrics/get-history', undefined, query);
      points += ((answer.metrics ?? []) as unknown[]).length;
      pageToken = answer.next_page_token as string | undefined;
    } while (pageToken);
    return points;
  });
}
