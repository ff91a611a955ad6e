import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { cliPath, timeCommand, type Timed } from './cliProcess';
import { median, scratchDir } from './measure';
import type { PipelineFigures } from './pipelineStatus';
import { trivialPipelineYaml } from './pipelineGenerate';
import { ms, ratio, spread, type FigureRow } from './table';

// Figure 11: what `mlops run` costs per stage beyond starting the stage's process. A pipeline of
// STAGES independent stages whose cmd is `true`, run with --jobs 1 so stages go one after another,
// beside STAGES bare spawns of `true` through the shell (as the runner starts a cmd), one after
// another, from this process. The fixed cost of a run (node's start, loading the config, opening
// and closing the store) is taken out by also running a one-stage pipeline: per stage =
// (t(STAGES) - t(1)) / (STAGES - 1). Each repetition runs in fresh folders (an empty store).

const STAGES = 1_000;
const REPS = 3;

const figure = `11. \`mlops run\` of ${STAGES.toLocaleString('en-US')} trivial stages (\`true\`), --jobs 1: time per stage`;

export async function measureStageOverhead(progress: (message: string) => void): Promise<PipelineFigures> {
  const node = process.execPath;
  const oneStage: Timed[] = [];
  const allStages: Timed[] = [];
  const bare: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    progress(`stages: ${rep + 1}/${REPS}`);
    oneStage.push(timeCommand(node, [cliPath, 'run', '--jobs', '1', '--json'], pipelineDir(1)));
    allStages.push(timeCommand(node, [cliPath, 'run', '--jobs', '1', '--json'], pipelineDir(STAGES)));
    bare.push(await bareSpawns(STAGES));
  }
  const perStage = (t: Timed[], pick: (x: Timed) => number) => median(t.map((x, i) => (pick(x) - pick(oneStage[i])) / (STAGES - 1)));
  const oursMs = perStage(allStages, (x) => x.wallMs);
  const bareMs = median(bare) / STAGES;
  const row: FigureRow = {
    figure,
    ours: `${ms(oursMs)} per stage (${ms(oursMs - bareMs)} beyond the spawn)`,
    baseline: `${ms(bareMs)} per bare spawn of \`true\` (sh -c)`,
    ratio: `${ratio(oursMs / bareMs)} the bare spawn`,
    target: '—',
    verdict: 'reported',
  };
  return {
    rows: [row],
    notes: [
      `- figure 11, every repetition (wall): ${STAGES.toLocaleString('en-US')} stages ${spread(allStages.map((t) => t.wallMs), ms)}; 1 stage ${spread(oneStage.map((t) => t.wallMs), ms)}; ${STAGES.toLocaleString('en-US')} bare spawns ${spread(bare, ms)}`,
      `  CPU of \`mlops run\` and its stages, per stage: ${ms(perStage(allStages, (x) => x.cpuMs))} (${STAGES.toLocaleString('en-US')} stages ${spread(allStages.map((t) => t.cpuMs), ms)}; 1 stage ${spread(oneStage.map((t) => t.cpuMs), ms)})`,
      `- figure 11: per stage = (t(${STAGES.toLocaleString('en-US')} stages) − t(1 stage)) / ${(STAGES - 1).toLocaleString('en-US')}, each a fresh \`node dist/cli.js run --jobs 1 --json\` on an empty store, so it counts what the runner does per stage (a run with its tags, the stage's process, its end recorded); the baseline spawns \`true\` with \`shell: true\` and waits for its exit, one after another`,
    ],
  };
}

function pipelineDir(stages: number): string {
  const dir = scratchDir(`stages-${stages}`);
  writeFileSync(path.join(dir, 'mlops.yaml'), trivialPipelineYaml(stages));
  return dir;
}

/** Milliseconds for `count` spawns of `true` through the shell, each awaited before the next. */
async function bareSpawns(count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('true', { shell: true, stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`\`true\` exited ${code}`))));
    });
  }
  return performance.now() - start;
}
