import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { openEmbeddedStore, STORE_FILES } from '../../src/core/store/embeddedStore';
import { mlflowEnv } from './mlflowVenv';

// The store MLflow is pointed at: examples/churn run by the real CLI, then, through our store's own
// API, what the pipeline does not write yet: experiment tags, a registered model with versions,
// an alias and a stage, and a run whose metrics hold NaN and ±Infinity.

const repoRoot = path.resolve(__dirname, '..', '..');

export interface ChurnStore {
  workDir: string;
  storeDir: string;
  dbFile: string;
  artifactRoot: string;
  cleanup(): void;
}

export const MODEL = 'churn-interop'; // not 'churn': examples/churn's own pipeline registers that one
export const NON_FINITE_EXPERIMENT = 'interop-non-finite';

/** One metric history per key, steps 0.., with values MLflow must store and serve specially. */
export const NON_FINITE_HISTORIES: Record<string, number[]> = {
  mixed: [0.5, NaN, Infinity, -Infinity, 0.25],
  ends_nan: [1, NaN],
  ends_inf: [1, Infinity],
  ends_neg_inf: [1, -Infinity],
};

export async function prepareChurnStore(): Promise<ChurnStore> {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build with \`node scripts/build.mjs\` (npm run test:interop builds first).`);
  const workDir = path.join(mkdtempSync(path.join(tmpdir(), 'mlops-interop-')), 'churn');
  const cleanup = () => rmSync(path.dirname(workDir), { recursive: true, force: true });
  try {
    cpSync(path.join(repoRoot, 'examples', 'churn'), workDir, { recursive: true, filter: (src) => !/[\\/](\.mlops|__pycache__)$/.test(src) });
    const run = spawnSync(process.execPath, [cli, 'run'], { cwd: workDir, env: mlflowEnv(), encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0) throw new Error(`\`mlops run\` in ${workDir} exited ${run.status ?? run.signal}:\n${run.stdout}\n${run.stderr}`);

    const storeDir = path.join(workDir, '.mlops');
    await addWhatThePipelineDoesNotWrite(storeDir);
    return { workDir, storeDir, dbFile: path.join(storeDir, STORE_FILES.database), artifactRoot: path.join(storeDir, STORE_FILES.artifacts), cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

async function addWhatThePipelineDoesNotWrite(storeDir: string): Promise<void> {
  const store = await openEmbeddedStore(storeDir);
  try {
    const churn = await store.getExperimentByName('churn');
    if (!churn) throw new Error('`mlops run` recorded no experiment named churn');
    await store.setExperimentTag(churn.experimentId, 'team', 'interop');
    await store.setExperimentTag(churn.experimentId, 'mlflow.note.content', 'Churn pipeline, read back by MLflow');

    const { items: runs } = await store.searchRuns({ experimentIds: [churn.experimentId] });
    const trainRuns = runs.filter((r) => r.data.tags['mlops.stage'] === 'train');
    if (trainRuns.length !== 1) throw new Error(`expected one train run in experiment churn, found ${trainRuns.length}`);
    const train = trainRuns[0].info;
    await store.createRegisteredModel(MODEL, { description: 'Churn classifier', tags: { owner: 'interop' } });
    const v1 = await store.createModelVersion({ name: MODEL, source: `${train.artifactUri}/model`, runId: train.runId, tags: { validated: 'true' } });
    const v2 = await store.createModelVersion({ name: MODEL, source: `${train.artifactUri}/model`, runId: train.runId, description: 'retrained' });
    await store.setRegisteredModelAlias(MODEL, 'champion', v1.version);
    await store.setRegisteredModelAlias(MODEL, 'challenger', v2.version);
    await store.transitionModelVersionStage(MODEL, v1.version, 'Staging'); // last: it moves the model's last_updated_time

    const experimentId = await store.createExperiment(NON_FINITE_EXPERIMENT);
    const run = await store.createRun({ experimentId, runName: 'non-finite', startTime: 1_700_000_000_000 });
    const metrics = Object.entries(NON_FINITE_HISTORIES).flatMap(([key, values]) =>
      values.map((value, step) => ({ key, value, step, timestamp: 1_700_000_000_000 + step })),
    );
    await store.logBatch(run.runId, { metrics });
    await store.updateRun(run.runId, { status: 'FINISHED', endTime: 1_700_000_001_000 });
  } finally {
    await store.close(); // checkpoints: mlflow.db then holds everything
  }
}
