import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { measureConfig } from './config';
import { environmentLines } from './env';
import { measureHistory } from './history';
import { ingestRound, type IngestRound } from './ingest';
import { median, removeScratch, scratchDir } from './measure';
import { HTTP_FIGURES, measureMlflowHttp } from './mlflowHttp';
import { measureOpen } from './open';
import { measurePipelineStatus } from './pipelineStatus';
import { measureRunsTree, RUNS_TREE_FIGURES } from './runsTree';
import { BATCH_POINTS, HISTORY_KEY, KEYS, STEPS, workloadBatches, TOTAL_POINTS } from './points';
import { measureStageOverhead } from './stageOverhead';
import { markdownTable, mib, ms, rate, ratio, spread, verdict, type FigureRow } from './table';

// `npm run bench`: the store's speed and the config validator's, each figure beside its baseline
// measured in this same run.
// Medians of several repetitions, ours and the baseline interleaved, since the machine is shared.
// Progress goes to stderr; the report (Markdown) to stdout.
// `npm run bench -- --only 7,8,9` measures only the figures named (3 stands for 3a and 3b).

const INGEST_ROUNDS = 3;
const HISTORY_REPS = 9;
const OPEN_CHECKPOINTED_REPS = 5;
const OPEN_JOURNAL_REPS = 3;

const INGEST_TARGET = 0.7; // ours at least 0.7x native's points/s
const HISTORY_TARGET = 2; // ours at most 2x native's time

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** The figures `--only` names, or every figure. */
function selectedFigures(args: string[]): ReadonlySet<number> {
  const at = args.indexOf('--only');
  if (at === -1) return new Set(ALL_FIGURES);
  const named = (args[at + 1] ?? '').split(',').map((f) => Number(f.trim()));
  if (named.some((f) => !ALL_FIGURES.includes(f))) {
    throw new Error(`--only takes figure numbers among ${ALL_FIGURES.join(',')}, e.g. --only 7,8,9; got '${args[at + 1] ?? ''}'.`);
  }
  return new Set(named);
}

const STORE_FIGURES = [1, 2, 3];
const CONFIG_FIGURES = [4, 5, 6];
const STATUS_FIGURES = [10];
const STAGE_FIGURES = [11];
const ALL_FIGURES: number[] = [...STORE_FIGURES, ...CONFIG_FIGURES, ...HTTP_FIGURES, ...STATUS_FIGURES, ...STAGE_FIGURES, ...RUNS_TREE_FIGURES];

async function main(): Promise<void> {
  const figures = selectedFigures(process.argv.slice(2));
  const wanted = (group: readonly number[]) => group.some((f) => figures.has(f));
  const started = performance.now();
  console.log('# MLOps Workbench benchmark\n');
  console.log((await environmentLines()).join('\n'));
  if (figures.size < ALL_FIGURES.length) console.log(`- only figures ${[...figures].sort((a, b) => a - b).join(', ')} (--only)`);
  if (wanted(STORE_FIGURES)) console.log(`- workload (figures 1-3): 1 run × ${KEYS.length} metrics × ${STEPS.toLocaleString('en-US')} steps = ${TOTAL_POINTS.toLocaleString('en-US')} points, batches of ${BATCH_POINTS.toLocaleString('en-US')} points`);
  console.log('');

  const config = wanted(CONFIG_FIGURES) ? measureConfig(progress) : undefined;
  const store = wanted(STORE_FIGURES) ? await measureStoreFigures() : undefined;
  const http = wanted(HTTP_FIGURES) ? await measureMlflowHttp(progress, figures) : undefined;
  const status = wanted(STATUS_FIGURES) ? measurePipelineStatus(progress) : undefined;
  const stages = wanted(STAGE_FIGURES) ? await measureStageOverhead(progress) : undefined;
  const runsTree = wanted(RUNS_TREE_FIGURES) ? await measureRunsTree(progress) : undefined;

  const rows = [...(store?.rows ?? []), ...(config?.rows ?? []), ...(http?.rows ?? []), ...(status?.rows ?? []), ...(stages?.rows ?? []), ...(runsTree?.rows ?? [])];
  console.log(markdownTable(rows.filter((row) => figures.has(parseInt(row.figure, 10)))));
  console.log('\nNotes');
  for (const notes of [store?.notes, config?.notes, http?.notes, status?.notes, stages?.notes, runsTree?.notes]) if (notes) console.log(notes.join('\n'));
  console.log(`- total bench time ${ms(performance.now() - started)}`);
}

/** Figures 1-3: the embedded store against native SQLite. */
async function measureStoreFigures(): Promise<{ rows: FigureRow[]; notes: string[] }> {
  // The native run id has the store's shape (32 hex digits): run_uuid is in every metrics row and in
  // three indexes, so its length weighs on both sides alike.
  const nativeRunId = randomUUID().replace(/-/g, '');

  const rounds: IngestRound[] = [];
  let storeDir = '';
  let nativeFile = '';
  const journalDir = path.join(scratchDir('journal'), '.mlops');
  for (let round = 0; round < INGEST_ROUNDS; round++) {
    progress(`ingest ${round + 1}/${INGEST_ROUNDS}`);
    const last = round === INGEST_ROUNDS - 1;
    const dir = path.join(scratchDir('ingest'), '.mlops');
    const file = path.join(scratchDir('native'), 'mlflow.db');
    rounds.push(await ingestRound(workloadBatches(), dir, file, nativeRunId, last ? journalDir : undefined));
    if (last) {
      storeDir = dir;
      nativeFile = file;
    } else {
      rmSync(path.dirname(dir), { recursive: true, force: true });
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }
  const oursMs = median(rounds.map((r) => r.ours.ms));
  const nativeMs = median(rounds.map((r) => r.native.ms));
  // Each round is a pair measured under the same load: the ratio is the median of the rounds' ratios.
  const ingestRatio = median(rounds.map((r) => r.native.ms / r.ours.ms));
  const storeRunId = rounds[rounds.length - 1].runId;

  progress('history');
  const history = await measureHistory(storeDir, nativeFile, { ours: storeRunId, native: nativeRunId }, HISTORY_KEY, HISTORY_REPS);

  progress('open: checkpointed');
  const openCheckpointed = await measureOpen(storeDir, OPEN_CHECKPOINTED_REPS, { runId: storeRunId, key: HISTORY_KEY });
  progress('open: all in journal');
  const openJournal = await measureOpen(journalDir, OPEN_JOURNAL_REPS, { runId: storeRunId, key: HISTORY_KEY });
  for (const [name, o] of [['checkpointed', openCheckpointed], ['journal', openJournal]] as const) {
    if (o.pointsSeen !== STEPS) throw new Error(`The ${name} store opened with ${o.pointsSeen} points of '${HISTORY_KEY}', expected ${STEPS}.`);
  }

  const historyRatio = median(history.ours) / median(history.native);
  const rows: FigureRow[] = [
    {
      figure: `1. Ingest ${TOTAL_POINTS.toLocaleString('en-US')} points, durable ${BATCH_POINTS.toLocaleString('en-US')}-point batches`,
      ours: `${rate(TOTAL_POINTS / (oursMs / 1000))} (${ms(oursMs)})`,
      baseline: `${rate(TOTAL_POINTS / (nativeMs / 1000))} (${ms(nativeMs)}), native SQLite`,
      ratio: `${ratio(ingestRatio)} native's rate`,
      target: `≥ ${ratio(INGEST_TARGET)}`,
      verdict: verdict(ingestRatio >= INGEST_TARGET),
    },
    {
      figure: `2. getMetricHistory, one ${history.points.toLocaleString('en-US')}-point metric`,
      ours: ms(median(history.ours)),
      baseline: `${ms(median(history.native))}, native SQLite`,
      ratio: `${ratio(historyRatio)} native's time`,
      target: `≤ ${ratio(HISTORY_TARGET)}`,
      verdict: verdict(historyRatio <= HISTORY_TARGET),
    },
    openRow('3a. Open, 1M points checkpointed (all in mlflow.db)', openCheckpointed.ours, openCheckpointed.readFiles),
    openRow('3b. Open, 1M points all in the journal (replay)', openJournal.ours, openJournal.readFiles),
  ];

  const last = rounds[rounds.length - 1];
  const notes = [
    `- every repetition (ours; baseline): ingest ${spread(rounds.map((r) => r.ours.ms), ms)}; ${spread(rounds.map((r) => r.native.ms), ms)}`,
    `  history ${spread(history.ours, ms)}; ${spread(history.native, ms)}`,
    `  open checkpointed ${spread(openCheckpointed.ours, ms)}; ${spread(openCheckpointed.readFiles, ms)}`,
    `  open from journal ${spread(openJournal.ours, ms)}; ${spread(openJournal.readFiles, ms)}`,
    `- process CPU time during ingest (ours; baseline), all threads (GC helpers, fsync calls): ${spread(rounds.map((r) => r.ours.cpuMs), ms)}; ${spread(rounds.map((r) => r.native.cpuMs), ms)}`,
    `- baseline settings: ${last.nativeSettings}; one transaction per batch (check run, insert rows, upsert latest_metrics)`,
    `- ours: no checkpoint inside the timed ingest (journal ${mib(last.journalBytes)} after 1M points; the default checkpoint threshold is 64 MiB)`,
    `- close() after ingest, a checkpoint of ${mib(last.databaseBytes)}: ${spread(rounds.map((r) => r.closeMs), ms)} (not in figure 1); native file ${mib(last.nativeBytes)}`,
    `  counting that checkpoint in ours, figure 1's ratio would be ${ratio(median(rounds.map((r) => r.native.ms / (r.ours.ms + r.closeMs))))}`,
    `- figure 2: both sides read the points along MLflow's (run_uuid, key, step) index and order them by (timestamp, step, value) as \`readMetricHistory\` does (src/core/store/metricHistory.ts)`,
    `- figure 3 baseline: fs.readFileSync of mlflow.db + journal; open is a writer open (lock, load, replay), close not timed`,
  ];
  return { rows, notes };
}

function openRow(figure: string, ours: number[], readFiles: number[]): FigureRow {
  return {
    figure,
    ours: ms(median(ours)),
    baseline: `${ms(median(readFiles))}, readFileSync of the files`,
    ratio: `${ratio(median(ours) / median(readFiles))} the read`,
    target: '—',
    verdict: 'reported',
  };
}

main()
  .catch((err: unknown) => {
    process.exitCode = 1;
    console.error(err);
  })
  .finally(removeScratch);
