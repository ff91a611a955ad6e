import * as path from 'node:path';
import { cliPath, mustRun, run, timeCommand, type Timed } from './cliProcess';
import { dvcEnv, ensureDvc, type DvcInstall } from './dvcVenv';
import { median, scratchDir } from './measure';
import { generateStatusPipeline, STATUS_FILES, STATUS_STAGES, writeStatusPipeline } from './pipelineGenerate';
import { ms, ratio, spread, verdict, type FigureRow } from './table';

// Figure 10: warm `mlops status` beside warm `dvc status` on the same generated pipeline
// (pipelineGenerate.ts), both up to date. `mlops run` runs every stage once (writing the outs and
// recording the stages); `dvc commit` then records the same deps and outs in dvc.lock (the outs are
// what dvc's own run of each cmd would write), so neither runs a stage during the figure. Each tool's
// status is run once to warm it (its digest cache, DVC's state database, the OS page cache) and
// checked to say "up to date" for every stage; then REPS runs each, taking turns.

const REPS = 3;
const STATUS_TARGET = 10; // ours at least 10x faster than dvc status

export interface PipelineFigures {
  rows: FigureRow[];
  notes: string[];
}

const figure = `10. Warm status, ${STATUS_STAGES.toLocaleString('en-US')} stages over ${STATUS_FILES.toLocaleString('en-US')} dep files, all up to date`;

export function measurePipelineStatus(progress: (message: string) => void): PipelineFigures {
  const dir = scratchDir('status');
  const pipeline = generateStatusPipeline();
  writeStatusPipeline(dir, pipeline);
  const node = process.execPath;

  const probe = run(node, [cliPath, 'status', '--help'], dir);
  if (probe.status !== 0) {
    const why = `${probe.stderr}${probe.stdout}`.trim().split('\n')[0];
    return { rows: [unavailable(`mlops status not available (${why})`)], notes: [`- figure 10: \`mlops status\` is not available in ${cliPath}: ${why}`] };
  }

  progress(`status: mlops run of the ${STATUS_STAGES.toLocaleString('en-US')}-stage pipeline (once, not timed)`);
  mustRun(node, [cliPath, 'run', '--json'], dir);
  progress('status: mlops status (warm-up)');
  checkMlopsUpToDate(mustRun(node, [cliPath, 'status', '--json'], dir));

  const dvc = ensureDvc(progress);
  if ('dvc' in dvc) {
    progress('status: dvc init + dvc commit (once, not timed)');
    mustRun(dvc.dvc, ['init', '--no-scm', '-q'], dir, dvcEnv());
    mustRun(dvc.dvc, ['commit', '--force', '-q'], dir, dvcEnv());
    progress('status: dvc status (warm-up)');
    checkDvcUpToDate(mustRun(dvc.dvc, ['status', '--json'], dir, dvcEnv()));
    // mlops again: dvc commit moved the outs into its cache and put copies back (new inodes).
    checkMlopsUpToDate(mustRun(node, [cliPath, 'status', '--json'], dir));
  }

  const ours: Timed[] = [];
  const theirs: Timed[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    progress(`status: ${rep + 1}/${REPS}`);
    const mlops = () => ours.push(timeCommand(node, [cliPath, 'status', '--json'], dir));
    const dvcStatus = () => 'dvc' in dvc && theirs.push(timeCommand(dvc.dvc, ['status', '--json'], dir, dvcEnv()));
    if (rep % 2 === 0) {
      mlops();
      dvcStatus();
    } else {
      dvcStatus();
      mlops();
    }
  }
  return 'dvc' in dvc ? compared(ours, theirs, dvc) : alone(ours, dvc.missing);
}

function checkMlopsUpToDate(json: string): void {
  const { stages } = JSON.parse(json) as { stages: { name: string; state: string; reasons: string[] }[] };
  const stale = stages.filter((s) => s.state !== 'up-to-date');
  if (stages.length !== STATUS_STAGES || stale.length > 0) {
    throw new Error(`mlops status after mlops run: ${stages.length} stages, ${stale.length} not up to date, e.g. ${stale.slice(0, 3).map((s) => `${s.name}: ${s.reasons.join('; ')}`).join(' | ')}`);
  }
}

function checkDvcUpToDate(json: string): void {
  const changed = Object.keys(JSON.parse(json) as Record<string, unknown>);
  if (changed.length > 0) throw new Error(`dvc status after dvc commit reports ${changed.length} changed stages, e.g. ${changed.slice(0, 3).join(', ')}`);
}

const wall = (xs: Timed[]) => median(xs.map((x) => x.wallMs));
const cpu = (xs: Timed[]) => median(xs.map((x) => x.cpuMs));

function compared(ours: Timed[], theirs: Timed[], dvc: Extract<DvcInstall, { dvc: string }>): PipelineFigures {
  const faster = wall(theirs) / wall(ours);
  return {
    rows: [
      {
        figure,
        ours: `${ms(wall(ours))} (CPU ${ms(cpu(ours))})`,
        baseline: `${ms(wall(theirs))} (CPU ${ms(cpu(theirs))}), dvc ${dvc.version} status`,
        ratio: `${ratio(faster)} faster (CPU ${ratio(cpu(theirs) / cpu(ours))})`,
        target: `≥ ${ratio(STATUS_TARGET)}`,
        verdict: verdict(faster >= STATUS_TARGET),
      },
    ],
    notes: [
      `- figure 10 (ours; dvc), every repetition, wall: ${spread(ours.map((t) => t.wallMs), ms)}; ${spread(theirs.map((t) => t.wallMs), ms)}`,
      `  CPU (user + system, the process and its children): ${spread(ours.map((t) => t.cpuMs), ms)}; ${spread(theirs.map((t) => t.cpuMs), ms)}`,
      ...commonNotes(),
      `- figure 10 baseline: \`dvc status --json\` (dvc ${dvc.version}, its own venv in the bench cache, \`dvc init --no-scm\`), after \`dvc commit --force\` of the outs \`mlops run\` wrote; checked to report no changed stage`,
    ],
  };
}

function alone(ours: Timed[], missing: string): PipelineFigures {
  return {
    rows: [{ figure, ours: `${ms(wall(ours))} (CPU ${ms(cpu(ours))})`, baseline: 'not measured: dvc is not installed', ratio: '—', target: `≥ ${ratio(STATUS_TARGET)} dvc`, verdict: 'reported' }],
    notes: [`- figure 10: no dvc baseline. ${missing}`, `- figure 10 (ours), every repetition, wall: ${spread(ours.map((t) => t.wallMs), ms)}; CPU ${spread(ours.map((t) => t.cpuMs), ms)}`, ...commonNotes()],
  };
}

function unavailable(message: string): FigureRow {
  return { figure, ours: message, baseline: '—', ratio: '—', target: `≥ ${ratio(STATUS_TARGET)} dvc`, verdict: 'not measured' };
}

function commonNotes(): string[] {
  return [
    `- figure 10: \`node dist/cli.js status --json\` in a fresh process each time (node's start included), after one warm-up run; checked to report all ${STATUS_STAGES.toLocaleString('en-US')} stages up to date; medians of ${REPS}, taking turns with the baseline; the workload is bench/pipelineGenerate.ts (${path.basename(__filename)} times it)`,
  ];
}
