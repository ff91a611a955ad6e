import Database from 'better-sqlite3';
import { MLFLOW_SCHEMA_SQL } from '../src/core/store/mlflowSchema';
import { inHistoryOrder, STEP_ORDER_SQL, StoredPoints } from '../src/core/store/metricHistory';
import type { Metric, MetricHistory } from '../src/core/store/types';

// The baseline: native SQLite on disk (better-sqlite3) with the same MLflow schema, durable as
// MLflow's own SQLite store leaves it (default rollback journal, synchronous=FULL), doing per batch
// what MLflow's SqlAlchemyStore.log_batch does: check the run, insert the metric rows and raise
// latest_metrics where a point is newer, in one transaction.

const MAX_DOUBLE = 1.7976931348623157e308;

export class NativeStore {
  private readonly insertMetric: Database.Statement;
  private readonly upsertLatest: Database.Statement;
  private readonly runStage: Database.Statement;
  private readonly history: Database.Statement;
  private readonly logBatchTx: (runId: string, metrics: Metric[]) => void;

  constructor(readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('synchronous = FULL');
    if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'metrics'").get()) this.db.exec(MLFLOW_SCHEMA_SQL);
    this.insertMetric = this.db.prepare('INSERT OR IGNORE INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?,?,?,?,?,?)');
    this.upsertLatest = this.db.prepare(
      `INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?,?,?,?,?,?)
       ON CONFLICT (key, run_uuid) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
       WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)`,
    );
    this.runStage = this.db.prepare('SELECT lifecycle_stage FROM runs WHERE run_uuid = ?').pluck();
    // The statement metricHistory.ts readMetricHistory runs, index hint included.
    this.history = this.db.prepare(STEP_ORDER_SQL).raw();
    this.logBatchTx = this.db.transaction((runId: string, metrics: Metric[]) => {
      if (this.runStage.get(runId) !== 'active') throw new Error(`run ${runId} is not active`);
      const latest = new Map<string, [number, number, number, number]>();
      for (const m of metrics) {
        const isNan = Number.isNaN(m.value) ? 1 : 0;
        const value = isNan ? 0 : Math.max(-MAX_DOUBLE, Math.min(MAX_DOUBLE, m.value));
        this.insertMetric.run(m.key, value, m.timestamp, runId, m.step, isNan);
        const best = latest.get(m.key);
        if (!best || m.step > best[2] || (m.step === best[2] && (m.timestamp > best[1] || (m.timestamp === best[1] && value > best[0])))) {
          latest.set(m.key, [value, m.timestamp, m.step, isNan]);
        }
      }
      for (const [key, [value, timestamp, step, isNan]] of latest) this.upsertLatest.run(key, value, timestamp, step, isNan, runId);
    });
  }

  private readonly db: Database.Database;

  /** The settings the baseline ran with, for the report. */
  describe(): string {
    return `journal_mode=${this.db.pragma('journal_mode', { simple: true })}, synchronous=${this.db.pragma('synchronous', { simple: true })}`;
  }

  createRun(runId: string): void {
    const now = Date.now();
    this.db.exec("INSERT OR IGNORE INTO workspaces (name, description) VALUES ('default', 'Default workspace for legacy resources')");
    this.db
      .prepare("INSERT OR IGNORE INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) VALUES (0, 'Default', 'file:///tmp/0', 'active', ?, ?, 'default')")
      .run(now, now);
    this.db
      .prepare(
        `INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
           source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time)
         VALUES (?, 'bench', 'UNKNOWN', '', '', 'bench', 'RUNNING', ?, NULL, '', 'active', ?, 0, NULL)`,
      )
      .run(runId, now, `file:///tmp/0/${runId}/artifacts`);
  }

  logBatch(runId: string, metrics: Metric[]): void {
    this.logBatchTx(runId, metrics);
  }

  /** As readMetricHistory: the points along the (run_uuid, key, step) index, then in MLflow's order. */
  getMetricHistory(runId: string, key: string): MetricHistory {
    const points = new StoredPoints();
    for (const row of this.history.all(runId, key) as [number, number, number | null][]) points.push(row[0], row[1], row[2]);
    return inHistoryOrder(key, points);
  }

  close(): void {
    this.db.close();
  }
}
