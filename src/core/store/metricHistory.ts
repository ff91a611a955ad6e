import type { SqlRunner } from './sqlRunner';
import type { HistoryPage, MetricHistory } from './types';

// One metric's history in MLflow's get_metric_history order: timestamp, then step, then value.
//
// The points are read along MLflow's index (run_uuid, key, step), which needs no sort; SQLite's
// ORDER BY timestamp, step, value sorted every point on every request, most of a read's time.
// Points are nearly always logged in time order, so the step order is checked and sorted here
// only when it is not already the history's order.
//
// Pages: the mlflow client reads a long history in pages (offset tokens, 25,000 points each), and
// each page would read and order the whole history again. With a `version` (the store's write
// count), the ordered history is kept for the next page of the same metric while the store is
// unchanged; any write, another metric, or reaching the last page lets it go.

/** NaN (is_nan) comes back as a NULL value: one column fewer to fetch per point. */
export const STEP_ORDER_SQL =
  'SELECT step, timestamp, CASE WHEN is_nan THEN NULL ELSE value END FROM metrics INDEXED BY index_metrics_run_uuid_key_step WHERE run_uuid = ? AND key = ? ORDER BY step';

/** Histories longer than this are read again for every page rather than kept (24 bytes a point). */
const KEEP_LIMIT = 1_000_000;

interface KeptHistory {
  runId: string;
  key: string;
  version: number;
  history: MetricHistory;
}

const kept = new WeakMap<SqlRunner, KeptHistory>();

/** Every point of one metric; with `page`, only the points from `offset` on, at most `maxResults`. */
export function readMetricHistory(sql: SqlRunner, runId: string, key: string, page?: HistoryPage, version?: number): MetricHistory {
  if (!page) return readWholeHistory(sql, runId, key);
  const last = version === undefined ? undefined : kept.get(sql);
  let whole: MetricHistory;
  if (last && last.runId === runId && last.key === key && last.version === version) {
    whole = last.history;
  } else {
    whole = readWholeHistory(sql, runId, key);
    if (version !== undefined && whole.values.length <= KEEP_LIMIT) kept.set(sql, { runId, key, version, history: whole });
    else kept.delete(sql);
  }
  const end = Math.min(whole.values.length, page.offset + page.maxResults);
  if (end === whole.values.length) kept.delete(sql);
  const from = Math.min(page.offset, end);
  return { key, steps: whole.steps.slice(from, end), timestamps: whole.timestamps.slice(from, end), values: whole.values.slice(from, end) };
}

function readWholeHistory(sql: SqlRunner, runId: string, key: string): MetricHistory {
  const stmt = sql.db.prepare(STEP_ORDER_SQL);
  try {
    stmt.bind([runId, key]);
    const points = new StoredPoints();
    while (stmt.step()) {
      const row = stmt.get();
      points.push(row[0] as number, row[1] as number, row[2] as number | null);
    }
    return inHistoryOrder(key, points);
  } finally {
    stmt.free();
  }
}

/** Points as the metrics table holds them, in the order read; a NaN's stored value is 0. */
export class StoredPoints {
  steps = new Float64Array(1024);
  timestamps = new Float64Array(1024);
  values = new Float64Array(1024);
  isNan = new Uint8Array(1024);
  length = 0;

  /** `value` null for a NaN. */
  push(step: number, timestamp: number, value: number | null): void {
    if (this.length === this.steps.length) this.grow();
    const i = this.length++;
    this.steps[i] = step;
    this.timestamps[i] = timestamp;
    this.values[i] = value ?? 0;
    this.isNan[i] = value === null ? 1 : 0;
  }

  private grow(): void {
    const size = this.steps.length * 2;
    this.steps = copyInto(this.steps, new Float64Array(size));
    this.timestamps = copyInto(this.timestamps, new Float64Array(size));
    this.values = copyInto(this.values, new Float64Array(size));
    this.isNan = copyInto(this.isNan, new Uint8Array(size));
  }
}

function copyInto<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * The points ordered by (timestamp, step, stored value), as SQL would order them; points equal in
 * all three keep their order. NaN reads back as NaN; ±inf stays ±max double, as in MLflow.
 */
export function inHistoryOrder(key: string, points: StoredPoints): MetricHistory {
  const { steps, timestamps, values, isNan, length: n } = points;
  const before = (a: number, b: number) => timestamps[a] - timestamps[b] || steps[a] - steps[b] || values[a] - values[b];
  let ordered = true;
  for (let i = 1; i < n && ordered; i++) ordered = before(i - 1, i) <= 0;
  const order = ordered ? undefined : Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => before(a, b) || a - b);
  const history: MetricHistory = { key, steps: new Float64Array(n), timestamps: new Float64Array(n), values: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const j = order ? order[i] : i;
    history.steps[i] = steps[j];
    history.timestamps[i] = timestamps[j];
    history.values[i] = isNan[j] ? NaN : values[j];
  }
  return history;
}
