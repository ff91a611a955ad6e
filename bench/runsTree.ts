import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadSqlJs } from '../src/core/store/sqlite';
import { openEmbeddedStore, type EmbeddedStore } from '../src/core/store/embeddedStore';
import type { Experiment, LogBatch } from '../src/core/store/types';
import { keyMetricOf, runDescription } from '../src/vscode/trees/runLabels';
import { RunsTreeData } from '../src/vscode/trees/runsTreeData';
import type { RunElement } from '../src/vscode/trees/runsTreeElements';
import { seededRandom } from '../test/fixtures/random';
import { median, scratchDir, timed } from './measure';
import { ms, ratio, spread, verdict, type FigureRow } from './table';

// Figure 12: the Runs view on an experiment of 20,000 runs × 20 params × 20 metrics, read as the
// editor reads it (a read-only snapshot of the checkpointed store). 12a: the first page, 200 rows
// with their description (start, duration, key metric `auc`), through the view's own data layer
// (RunsTreeData: the run search, each run read whole for its tooltip and details, the rows grouped).
// 12b: the same with a filter joining conditions with OR and parentheses, evaluated over all 20,000
// runs. The baseline is the same page as plain SQL on the store: one hand-written query giving the
// same 200 rows (run, name, status, times, key metric) in the same order, run by the store's own
// engine (sql.js) on the same mlflow.db. The notes add that query on native SQLite (better-sqlite3)
// too. Every side is checked to give the same runs; then REPS rounds each, taking turns.

export const RUNS_TREE_FIGURES = [12];

const RUNS = 20_000;
const PARAMS = 20;
const METRICS = 20;
const PAGE = 200;
const REPS = 9;
const TARGET = 2; // ours at most 2x the plain SQL's time

const FILTER = "metrics.auc > 0.95 OR params.lr = '0.001' OR (params.batch_size = '256' AND metrics.loss < 0.1)";
const FILTER_SQL = `(runs.run_uuid IN (SELECT run_uuid FROM latest_metrics WHERE key = 'auc' AND value > 0.95 AND is_nan = 0)
  OR runs.run_uuid IN (SELECT run_uuid FROM params WHERE key = 'lr' AND value = '0.001')
  OR (runs.run_uuid IN (SELECT run_uuid FROM params WHERE key = 'batch_size' AND value = '256')
      AND runs.run_uuid IN (SELECT run_uuid FROM latest_metrics WHERE key = 'loss' AND value < 0.1 AND is_nan = 0)))`;

/** The page of runs newest first, with the key metric, as one query: the baseline. */
const pageSql = (condition: string): string => `
  SELECT page.run_uuid, page.name, page.status, page.start_time, page.end_time, m.value, m.step
  FROM (SELECT run_uuid, name, status, start_time, end_time FROM runs
        WHERE runs.experiment_id = ? AND runs.lifecycle_stage = 'active' AND ${condition}
        ORDER BY start_time DESC, run_uuid LIMIT ${PAGE}) AS page
  LEFT JOIN latest_metrics AS m ON m.run_uuid = page.run_uuid AND m.key = 'auc'
  ORDER BY page.start_time DESC, page.run_uuid`;

export async function measureRunsTree(progress: (message: string) => void): Promise<{ rows: FigureRow[]; notes: string[] }> {
  const dir = path.join(scratchDir('runs-tree'), '.mlops');
  progress(`runs tree: seeding ${RUNS.toLocaleString('en-US')} runs × ${PARAMS} params × ${METRICS} metrics (not timed)`);
  const seedMs = (await timed(() => seed(dir)))[0];

  const snapshot = await openEmbeddedStore(dir, { readOnly: true });
  const file = path.join(dir, 'mlflow.db');
  const onStore = new (await loadSqlJs()).Database(readFileSync(file));
  const native = new Database(file, { readonly: true });
  try {
    const experiment = (await snapshot.getExperimentByName('runs-tree'))!;
    const experimentId = Number(experiment.experimentId);
    const figures = [
      { figure: `12a. Runs view, first page (${PAGE} rows with their key metric) of ${RUNS.toLocaleString('en-US')} runs × ${PARAMS} params × ${METRICS} metrics`, filter: '', condition: '1' },
      { figure: `12b. Runs view, first page with a filter joining OR and parentheses, over all ${RUNS.toLocaleString('en-US')} runs`, filter: FILTER, condition: FILTER_SQL },
    ];
    const rows: FigureRow[] = [];
    const notes: string[] = [];
    for (const { figure, filter, condition } of figures) {
      const sql = pageSql(condition);
      const onStoreStatement = onStore.prepare(sql);
      const nativeStatement = native.prepare(sql).raw();
      const sides = {
        ours: () => firstPage(snapshot, experiment, filter),
        onStore: () => {
          const ids: string[] = [];
          onStoreStatement.bind([experimentId]);
          while (onStoreStatement.step()) ids.push(onStoreStatement.get()[0] as string);
          onStoreStatement.reset();
          return ids;
        },
        native: () => (nativeStatement.all(experimentId) as unknown[][]).map((row) => row[0] as string),
      };
      const expected = await sides.ours();
      for (const [name, side] of Object.entries(sides)) {
        const got = await side();
        if (got.length !== PAGE || JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`${figure}: ${name} gave other runs than the view (${got.length} and ${expected.length}).`);
      }
      const times: Record<keyof typeof sides, number[]> = { ours: [], onStore: [], native: [] };
      const order = Object.keys(sides) as (keyof typeof sides)[];
      for (let rep = 0; rep < REPS; rep++) {
        progress(`runs tree: ${figure.slice(0, 3)} ${rep + 1}/${REPS}`);
        for (let i = 0; i < order.length; i++) {
          const name = order[(rep + i) % order.length];
          times[name].push((await timed(sides[name]))[0]);
        }
      }
      const r = median(times.ours.map((o, i) => o / times.onStore[i]));
      rows.push({
        figure,
        ours: ms(median(times.ours)),
        baseline: `${ms(median(times.onStore))}, the same page as one SQL query on the store (sql.js)`,
        ratio: `${ratio(r)} the SQL's time`,
        target: `≤ ${ratio(TARGET)}`,
        verdict: verdict(r <= TARGET),
      });
      notes.push(
        `  ${figure.slice(0, 3)} ours ${spread(times.ours, ms)}; SQL on the store ${spread(times.onStore, ms)}; native SQLite ${spread(times.native, ms)}`,
        `  ${figure.slice(0, 3)} the same SQL on native SQLite: ${ms(median(times.native))}, ours ${ratio(median(times.ours.map((o, i) => o / times.native[i])))} that`,
      );
    }
    return {
      rows,
      notes: [
        `- figure 12: seeding the store took ${ms(seedMs)} (not timed); filter of 12b: \`${FILTER}\`; ratios are medians of the rounds' ratios; every repetition:`,
        ...notes,
      ],
    };
  } finally {
    onStore.close();
    native.close();
    await snapshot.close();
  }
}

/** What the view shows first: the experiment's first page of rows, each with its description. */
async function firstPage(store: EmbeddedStore, experiment: Experiment, filter: string): Promise<string[]> {
  const data = new RunsTreeData(PAGE);
  data.setSearch({ filter, orderBy: [], showDeleted: false });
  const rows = await data.children(store, { kind: 'experiment', experiment });
  const runs = rows.filter((row): row is RunElement => row.kind === 'run');
  for (const row of runs) runDescription(row.run, keyMetricOf(row.run, row.stageRuns, 'auc'), Date.now());
  return runs.map((row) => row.run.info.runId);
}

/** The experiment, written through the store as any client would, then checkpointed by close(). */
async function seed(dir: string): Promise<void> {
  const store = await openEmbeddedStore(dir);
  const experimentId = await store.createExperiment('runs-tree');
  const random = seededRandom(20261212);
  const start = Date.UTC(2026, 0, 1);
  const batches: { runName: string; startTime: number; batch: LogBatch }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const startTime = start + i * 60_000 + random.int(0, 30_000);
    const params = [
      { key: 'lr', value: random.pick(['0.1', '0.01', '0.001', '0.0001']) },
      { key: 'batch_size', value: random.pick(['32', '64', '128', '256']) },
      ...Array.from({ length: PARAMS - 2 }, (_, p) => ({ key: `param_${p + 2}`, value: String(random.int(0, 99)) })),
    ];
    const metrics = [
      { key: 'auc', value: random.next(), timestamp: startTime, step: 0 },
      { key: 'loss', value: random.next(), timestamp: startTime, step: 0 },
      ...Array.from({ length: METRICS - 2 }, (_, m) => ({ key: `metric_${m + 2}`, value: random.next(), timestamp: startTime, step: 0 })),
    ];
    batches.push({ runName: `run-${i}`, startTime, batch: { params, metrics } });
  }
  // Many writes in flight share each journal fsync (group commit): seeding takes a minute, not ten.
  const concurrency = 1000;
  for (let first = 0; first < batches.length; first += concurrency) {
    await Promise.all(
      batches.slice(first, first + concurrency).map(async ({ runName, startTime, batch }) => {
        const { runId } = await store.createRun({ experimentId, runName, startTime });
        await store.logBatch(runId, batch);
        await store.updateRun(runId, { status: 'FINISHED', endTime: startTime + 45_000 });
      }),
    );
  }
  await store.close();
}
