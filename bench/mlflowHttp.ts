import * as path from 'node:path';
import { startMlflowServer as startOurServer } from '../src/core/mlflow/server/httpServer';
import { openEmbeddedStore, STORE_FILES, type EmbeddedStore } from '../src/core/store/embeddedStore';
import type { Metric } from '../src/core/store/types';
import { startMlflowServer as startRealMlflow, type MlflowServer } from '../test/interop/mlflowServer';
import { mlflowVenv } from '../test/interop/mlflowVenv';
import mlflowVersion from '../src/core/store/mlflowVersion.json';
import { median, scratchDir } from './measure';
import {
  createExperiment, createRun, HISTORY_PAGE, HISTORY_POINTS, historyAll, historyBatches, logBatches, SEARCH_FILTER, SEARCH_ORDER_BY, SEARCH_PAGE,
  SEARCH_RUNS, searchAll, searchRunsData, seedSearchRuns, type TrackingServer,
} from './mlflowHttpWorkload';
import { BATCH_POINTS, workloadBatches } from './points';
import { ms, rate, ratio, spread, verdict, type FigureRow } from './table';

// Figures 7-9: our embedded MLflow server (HTTP over the embedded store, durable) beside the real
// MLflow server (one uvicorn worker, SQLite), both running in this process's machine at once and
// sent the same REST requests. Repetitions take turns, ours then MLflow's.

const INGEST_ROUNDS = 3;
const OURS_INGEST_BATCHES = 100; // per round: 100,000 points
const MLFLOW_INGEST_BATCHES = 17; // per round: ~1.5 s at MLflow's ~11k points/s
const SEARCH_REPS = 5;
const HISTORY_REPS = 5;
/** Untimed repetitions first, on both sides: the first request of a kind pays for compiling code. */
const WARM_UP_REPS = 1;
const SEED_CONCURRENCY = 4;

const INGEST_TARGET = 10; // ours at least 10x MLflow's points/s
const SEARCH_TARGET = 20; // ours at least 20x faster
const HISTORY_TARGET = 30; // ours at least 30x faster

export interface HttpFigures {
  rows: FigureRow[];
  notes: string[];
}

interface Side {
  server: TrackingServer;
  ingestMs: number[];
  ingestPoints: number;
  searchMs: number[];
  historyMs: number[];
  searchExperiment: string;
  historyRun: string;
}

/** The figures this module measures; `figures` picks some of them (`npm run bench -- --only 8,9`). */
export const HTTP_FIGURES = [7, 8, 9] as const;

export async function measureMlflowHttp(progress: (message: string) => void, figures: ReadonlySet<number> = new Set(HTTP_FIGURES)): Promise<HttpFigures> {
  const store = await openEmbeddedStore(path.join(scratchDir('http'), '.mlops'));
  const ourServer = await startOurServer({ store, token: store.token, artifactRoot: path.join(store.dir, STORE_FILES.artifacts) });
  let mlflow: MlflowServer | undefined;
  try {
    progress('http: seeding ours');
    const ours = await seedOurs(store, { url: ourServer.url, headers: { authorization: `Bearer ${store.token}` } }, figures);
    let theirs: Side | undefined;
    let missing = '';
    try {
      mlflowVenv();
    } catch (err) {
      missing = (err as Error).message;
    }
    if (!missing) {
      progress(`http: starting MLflow ${mlflowVersion.mlflow}`);
      const root = scratchDir('mlflow');
      mlflow = await startRealMlflow(path.join(root, 'mlflow.db'), path.join(root, 'artifacts'));
      progress(`http: seeding MLflow (${figures.has(8) ? SEARCH_RUNS.toLocaleString('en-US') : 0} runs, ${figures.has(9) ? HISTORY_POINTS.toLocaleString('en-US') : 0} points)`);
      theirs = await seedMlflow({ url: mlflow.url, headers: {} }, figures);
    }
    await measureSides(ours, theirs, progress, figures);
    const result = theirs ? compared(ours, theirs) : alone(ours, missing);
    return { rows: result.rows.filter((row) => figures.has(parseInt(row.figure, 10))), notes: result.notes };
  } finally {
    await mlflow?.stop();
    await ourServer.close();
    await store.close();
  }
}

function newSide(server: TrackingServer, searchExperiment: string, historyRun: string): Side {
  return { server, ingestMs: [], ingestPoints: 0, searchMs: [], historyMs: [], searchExperiment, historyRun };
}

/** Our data goes straight into the store (faster to seed); the figures then go through HTTP. */
async function seedOurs(store: EmbeddedStore, server: TrackingServer, figures: ReadonlySet<number>): Promise<Side> {
  const searchExperiment = await store.createExperiment('bench-search');
  if (figures.has(8)) {
    for (const run of searchRunsData()) {
      const { runId } = await store.createRun({ experimentId: searchExperiment, runName: run.runName });
      await store.logBatch(runId, { params: run.params, metrics: run.metrics });
    }
  }
  const { runId } = await store.createRun({ experimentId: '0', runName: 'bench-history' });
  if (figures.has(9)) for (const metrics of historyBatches()) await store.logBatch(runId, { metrics });
  return newSide(server, searchExperiment, runId);
}

async function seedMlflow(server: TrackingServer, figures: ReadonlySet<number>): Promise<Side> {
  const searchExperiment = await createExperiment(server, 'bench-search');
  const historyRun = await createRun(server, '0', 'bench-history');
  // Seeding is not timed: the history goes in beside the search runs, to keep the bench short.
  await Promise.all([
    figures.has(8) && seedSearchRuns(server, searchExperiment, SEED_CONCURRENCY),
    figures.has(9) && logBatches(server, historyRun, historyBatches()),
  ]);
  return newSide(server, searchExperiment, historyRun);
}

async function measureSides(ours: Side, theirs: Side | undefined, progress: (message: string) => void, figures: ReadonlySet<number>): Promise<void> {
  for (let round = 0; round < (figures.has(7) ? INGEST_ROUNDS : 0); round++) {
    progress(`http: log-batch ${round + 1}/${INGEST_ROUNDS}`);
    await ingest(ours, OURS_INGEST_BATCHES, round);
    if (theirs) await ingest(theirs, MLFLOW_INGEST_BATCHES, round);
  }
  if (figures.has(8)) progress('http: runs/search');
  let expected: string[] | undefined;
  for (let rep = 0; rep < (figures.has(8) ? WARM_UP_REPS + SEARCH_REPS : 0); rep++) {
    for (const side of theirs ? [ours, theirs] : [ours]) {
      const [took, names] = await searchAll(side.server, side.searchExperiment);
      expected ??= names;
      if (names.join('\n') !== expected.join('\n')) throw new Error(`runs/search answered differently on ${side.server.url}: ${names.length} runs, expected ${expected.length}.`);
      if (rep >= WARM_UP_REPS) side.searchMs.push(took);
    }
  }
  if (figures.has(9)) progress('http: metrics/get-history');
  for (let rep = 0; rep < (figures.has(9) ? WARM_UP_REPS + HISTORY_REPS : 0); rep++) {
    for (const side of theirs ? [ours, theirs] : [ours]) {
      const [took, points] = await historyAll(side.server, side.historyRun);
      if (points !== HISTORY_POINTS) throw new Error(`metrics/get-history gave ${points} points on ${side.server.url}, expected ${HISTORY_POINTS}.`);
      if (rep >= WARM_UP_REPS) side.historyMs.push(took);
    }
  }
}

async function ingest(side: Side, batches: number, round: number): Promise<void> {
  const runId = await createRun(side.server, '0', `bench-ingest-${round}`);
  side.ingestMs.push(await logBatches(side.server, runId, take(workloadBatches(), batches)));
  side.ingestPoints = batches * BATCH_POINTS;
}

function* take(batches: Iterable<Metric[]>, count: number): Generator<Metric[]> {
  if (count <= 0) return;
  for (const batch of batches) {
    yield batch;
    if (--count === 0) return;
  }
}

const pointsPerSecond = (side: Side, msTaken: number) => side.ingestPoints / (msTaken / 1000);

const ingestFigure = `7. HTTP log-batch ingest, one client, sequential ${BATCH_POINTS.toLocaleString('en-US')}-point requests`;
const searchFigure = `8. HTTP runs/search over ${SEARCH_RUNS.toLocaleString('en-US')} runs, filter + order_by, pages of ${SEARCH_PAGE.toLocaleString('en-US')}`;
const historyFigure = `9. HTTP metrics/get-history, one ${HISTORY_POINTS.toLocaleString('en-US')}-point metric, pages of ${HISTORY_PAGE.toLocaleString('en-US')}`;
const theirName = `MLflow ${mlflowVersion.mlflow} server`;

function compared(ours: Side, theirs: Side): HttpFigures {
  // Each ingest round is a pair measured under the same load: the ratio is the median of the rounds' ratios.
  const ingestRatio = median(ours.ingestMs.map((m, i) => pointsPerSecond(ours, m) / pointsPerSecond(theirs, theirs.ingestMs[i])));
  const searchRatio = median(theirs.searchMs) / median(ours.searchMs);
  const historyRatio = median(theirs.historyMs) / median(ours.historyMs);
  return {
    rows: [
      {
        figure: ingestFigure,
        ours: `${rate(pointsPerSecond(ours, median(ours.ingestMs)))} (${ours.ingestPoints.toLocaleString('en-US')} points in ${ms(median(ours.ingestMs))})`,
        baseline: `${rate(pointsPerSecond(theirs, median(theirs.ingestMs)))} (${theirs.ingestPoints.toLocaleString('en-US')} points in ${ms(median(theirs.ingestMs))}), ${theirName}`,
        ratio: `${ratio(ingestRatio)} MLflow's rate`,
        target: `≥ ${ratio(INGEST_TARGET)}`,
        verdict: verdict(ingestRatio >= INGEST_TARGET),
      },
      {
        figure: searchFigure,
        ours: ms(median(ours.searchMs)),
        baseline: `${ms(median(theirs.searchMs))}, ${theirName}`,
        ratio: `${ratio(searchRatio)} faster`,
        target: `≥ ${ratio(SEARCH_TARGET)}`,
        verdict: verdict(searchRatio >= SEARCH_TARGET),
      },
      {
        figure: historyFigure,
        ours: ms(median(ours.historyMs)),
        baseline: `${ms(median(theirs.historyMs))}, ${theirName}`,
        ratio: `${ratio(historyRatio)} faster`,
        target: `≥ ${ratio(HISTORY_TARGET)}`,
        verdict: verdict(historyRatio >= HISTORY_TARGET),
      },
    ],
    notes: [
      `- figures 7-9 (ours; MLflow), every repetition: log-batch ${spread(ours.ingestMs, ms)}; ${spread(theirs.ingestMs, ms)} (figure 7's ratio is the median of the rounds' rate ratios)`,
      `  runs/search ${spread(ours.searchMs, ms)}; ${spread(theirs.searchMs, ms)}`,
      `  get-history ${spread(ours.historyMs, ms)}; ${spread(theirs.historyMs, ms)}`,
      `  ratio of the fastest repetitions, which a loaded machine disturbs least: ${fastest([['runs/search', ours.searchMs, theirs.searchMs], ['get-history', ours.historyMs, theirs.historyMs]])}`,
      ...commonNotes(),
      `- MLflow side: \`mlflow server\` ${mlflowVersion.mlflow}, one worker, a fresh SQLite file, its ${SEARCH_RUNS.toLocaleString('en-US')} runs and history created through its REST API (${SEED_CONCURRENCY} requests in flight, not timed); both sides checked to answer the same runs in the same order and all ${HISTORY_POINTS.toLocaleString('en-US')} points`,
    ],
  };
}

/** The ratio of each measured figure's fastest repetitions, MLflow's over ours. */
function fastest(figures: [string, number[], number[]][]): string {
  const measured = figures.filter(([, ours]) => ours.length > 0);
  return measured.map(([name, ours, theirs]) => `${name} ${ratio(Math.min(...theirs) / Math.min(...ours))}`).join(', ') || 'none measured';
}

function alone(ours: Side, missing: string): HttpFigures {
  const row = (figure: string, value: string): FigureRow => ({ figure, ours: value, baseline: `not measured: MLflow ${mlflowVersion.mlflow} is not installed`, ratio: '—', target: '—', verdict: 'reported' });
  return {
    rows: [
      row(ingestFigure, `${rate(pointsPerSecond(ours, median(ours.ingestMs)))} (${ours.ingestPoints.toLocaleString('en-US')} points in ${ms(median(ours.ingestMs))})`),
      row(searchFigure, ms(median(ours.searchMs))),
      row(historyFigure, ms(median(ours.historyMs))),
    ],
    notes: [
      `- figures 7-9: no MLflow baseline. ${missing}`,
      `- figures 7-9 (ours), every repetition: log-batch ${spread(ours.ingestMs, ms)}; runs/search ${spread(ours.searchMs, ms)}; get-history ${spread(ours.historyMs, ms)}`,
      ...commonNotes(),
    ],
  };
}

function commonNotes(): string[] {
  return [
    `- ours: \`startMlflowServer\` over \`openEmbeddedStore\` (journal fdatasync'ed before each answer), fetch with the bearer token; its search runs and history written straight into the store (same data), the figures through HTTP`,
    `- figure 8's search: \`${SEARCH_FILTER}\` ordered by ${SEARCH_ORDER_BY.join(', ')}, paged through to the end; figure 9 pages as the mlflow client does; ${WARM_UP_REPS} untimed repetition of each first, on both sides`,
    `- figure 9, ours: the first page reads and orders the whole history, kept for the next pages while the store is unchanged and let go at the last page, so every repetition reads it anew (src/core/store/metricHistory.ts)`,
  ];
}
