import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/core/store/embeddedStore';
import type { Run } from '../../src/core/store/types';
import { cliPath } from '../fixtures/pipelines';
import { mlflowEnv, mlflowVenv } from './mlflowVenv';

// examples/churn-mlflow run by the real CLI with the pinned MLflow's venv first on PATH, as its
// README tells a user to. Each stage's `mlflow.start_run()` resumes the stage run `mlops run` names
// in MLFLOW_RUN_ID, so what the stage logs through the mlflow client (params, per-epoch metrics, a
// scikit-learn model, an artifact) must land in that stage's run in .mlops.

const example = path.join(__dirname, '../../examples/churn-mlflow');
const STAGES = ['prepare', 'train', 'evaluate'] as const;
type StageName = (typeof STAGES)[number];
const STAGE_ENV = 'MLFLOW_TRACKING_URI, MLFLOW_TRACKING_TOKEN, MLFLOW_EXPERIMENT_ID and MLFLOW_RUN_ID';
const RUNNER_FIX = `\`mlops run\` must set ${STAGE_ENV} for each stage to the stage's run on its embedded server (issue 5, src/core/pipeline/runner.ts)`;

interface Params {
  prepare: { test_size: number; seed: number };
  train: { lr: number; epochs: number; alpha: number; seed: number };
  evaluate: { threshold: number };
}

describe('examples/churn-mlflow under mlops run (scikit-learn + the mlflow client)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlops-churn-mlflow-'));
  const dir = path.join(root, 'churn-mlflow');
  let output = '';
  let exitCode: number | null = null;
  let store: EmbeddedStore | undefined;
  let params: Params;
  const stageRuns = new Map<StageName, Run>();
  let allRuns: Run[] = [];

  before(async () => {
    const venv = mlflowVenv();
    cpSync(example, dir, { recursive: true, filter: (src) => !/[\\/](\.mlops|__pycache__|metrics|models|prepared|mlruns|mlflow\.db)$/.test(src) });
    params = parse(readFileSync(path.join(dir, 'params.yaml'), 'utf8')) as Params;
    const run = spawnSync(process.execPath, [cliPath, 'run'], {
      cwd: dir,
      env: { ...mlflowEnv(), PATH: `${path.dirname(venv.python)}${path.delimiter}${process.env.PATH ?? ''}`, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    exitCode = run.status;
    output = `${run.stdout}\n${run.stderr}`.slice(-6000);
    if (!existsSync(path.join(dir, '.mlops'))) return;
    store = await openEmbeddedStore(path.join(dir, '.mlops'), { readOnly: true });
    const experiment = await store.getExperimentByName('churn-mlflow');
    if (!experiment) return;
    allRuns = (await store.searchRuns({ experimentIds: [experiment.experimentId], maxResults: 1000 })).items;
    for (const name of STAGES) {
      const matching = allRuns.filter((r) => r.data.tags['mlops.stage'] === name);
      if (matching.length === 1) stageRuns.set(name, matching[0]);
    }
  });
  after(async () => {
    await store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** The stage's run, or a failure saying why there is none. */
  function stageRun(name: StageName): Run {
    const run = stageRuns.get(name);
    assert.ok(run, `no single run tagged mlops.stage=${name} in experiment churn-mlflow (\`mlops run\` exited ${exitCode}):\n${output}`);
    return run;
  }

  async function history(runId: string, key: string): Promise<{ steps: number[]; values: number[] }> {
    const h = await store!.getMetricHistory(runId, key);
    return { steps: [...h.steps], values: [...h.values] };
  }

  it('runs every stage to the end (exit 0)', () => {
    assert.equal(exitCode, 0, `\`mlops run\` exited ${exitCode}:\n${output}`);
    for (const name of STAGES) assert.equal(stageRun(name).info.status, 'FINISHED', `stage ${name}`);
  });

  it('logs into the stage runs: no mlflow store of its own, no runs of its own', () => {
    const strays = ['mlflow.db', 'mlruns'].filter((f) => existsSync(path.join(dir, f)));
    assert.deepEqual(strays, [], `the stages' mlflow client found no tracking server and logged to ${strays.join(' and ')} in the project folder: ${RUNNER_FIX}.`);
    const others = allRuns.filter((r) => !r.data.tags['mlops.stage'] && !r.data.tags['mlops.pipelineRun']);
    assert.deepEqual(
      others.map((r) => r.info.runName),
      [],
      `mlflow.start_run() created runs of its own in experiment churn-mlflow instead of resuming the stage runs: MLFLOW_RUN_ID is missing (${RUNNER_FIX}).`,
    );
  });

  it('holds the params each stage logged with mlflow.log_params', () => {
    const expected: Record<StageName, Record<string, string>> = {
      prepare: { test_size: String(params.prepare.test_size), seed: String(params.prepare.seed), stratify: 'churn' },
      train: {
        estimator: 'SGDClassifier', loss: 'log_loss', penalty: 'l2', alpha: String(params.train.alpha), learning_rate: 'constant',
        eta0: String(params.train.lr), epochs: String(params.train.epochs), random_state: String(params.train.seed),
      },
      evaluate: { threshold: String(params.evaluate.threshold) },
    };
    for (const name of STAGES) {
      const got = stageRun(name).data.params;
      const missing = Object.keys(expected[name]).filter((k) => !(k in got));
      assert.deepEqual(missing, [], `stage ${name}'s run lacks the params ${name}.py logged through mlflow (it has ${JSON.stringify(got)}): ${RUNNER_FIX}.`);
      for (const [key, value] of Object.entries(expected[name])) assert.equal(got[key], value, `${name}: param ${key}`);
    }
  });

  it("holds train's loss and auc for every epoch, at step = epoch", async () => {
    const train = stageRun('train');
    const epochs = Array.from({ length: params.train.epochs }, (_, i) => i + 1);
    for (const key of ['loss', 'auc']) {
      const h = await history(train.info.runId, key);
      assert.deepEqual(h.steps, epochs, `train's run should hold '${key}' at steps 1..${params.train.epochs} (mlflow.log_metrics(..., step=epoch)); ${h.steps.length === 0 ? RUNNER_FIX : 'got other steps'}.`);
      for (const v of h.values) assert.ok(Number.isFinite(v) && v > 0 && (key === 'loss' || v <= 1), `${key} = ${v}`);
    }
    const auc = await history(train.info.runId, 'auc');
    assert.ok(auc.values.at(-1)! > 0.75, `train auc after the last epoch is ${auc.values.at(-1)}: the model learned nothing`);
  });

  it("holds prepare's row counts and evaluate's scores and confusion matrix", () => {
    const raw = readFileSync(path.join(dir, 'data/raw/churn.csv'), 'utf8').trim().split('\n').slice(1);
    const churned = raw.filter((line) => line.endsWith(',1')).length;
    const testRows = Math.ceil(raw.length * params.prepare.test_size); // scikit-learn's train_test_split rounds the test share up
    const latest = (run: Run) => Object.fromEntries(run.data.metrics.map((m) => [m.key, m.value]));

    const prepare = latest(stageRun('prepare'));
    assert.deepEqual([prepare.train_rows, prepare.test_rows], [raw.length - testRows, testRows], `prepare's metrics: ${JSON.stringify(prepare)}${Object.keys(prepare).length === 0 ? `; ${RUNNER_FIX}` : ''}`);
    assert.ok(Math.abs(prepare.churn_rate - churned / raw.length) < 1e-12, `churn_rate ${prepare.churn_rate}, expected ${churned / raw.length}`);

    const evaluate = stageRun('evaluate');
    const scores = latest(evaluate);
    for (const key of ['precision', 'recall', 'f1']) assert.ok(scores[key] > 0 && scores[key] <= 1, `evaluate's ${key} = ${scores[key]} (${JSON.stringify(scores)})`);
    const file = path.join(fileURLToPath(evaluate.info.artifactUri), 'confusion_matrix.json');
    assert.ok(existsSync(file), `evaluate's mlflow.log_dict artifact is not at ${file}`);
    const { matrix } = JSON.parse(readFileSync(file, 'utf8')) as { matrix: number[][] };
    assert.equal(matrix.flat().reduce((a, b) => a + b, 0), testRows);
  });

  it("keeps the model train logged with mlflow.sklearn.log_model, in train's run", async () => {
    const train = stageRun('train');
    const modelsDir = path.join(dir, '.mlops/artifacts', train.info.experimentId, 'models');
    const ids = existsSync(modelsDir) ? readdirSync(modelsDir) : [];
    const models = await Promise.all(ids.map((id) => store!.getLoggedModel(id)));
    const logged = models.filter((m) => m.sourceRunId === train.info.runId && m.name === 'model');
    assert.equal(logged.length, 1, `expected one logged model named 'model' from train's run under ${modelsDir}; found ${JSON.stringify(models.map((m) => [m.name, m.sourceRunId, m.status]))}. ${RUNNER_FIX}.`);
    const [model] = logged;
    assert.equal(model.status, 'READY');
    const folder = fileURLToPath(model.artifactLocation);
    const files = readdirSync(folder).sort();
    for (const f of ['MLmodel', 'input_example.json', 'requirements.txt']) assert.ok(files.includes(f), `${f} not in ${folder}: ${files.join(', ')}`);
    const mlmodel = readFileSync(path.join(folder, 'MLmodel'), 'utf8');
    assert.match(mlmodel, new RegExp(`^model_id: ${model.modelId}$`, 'm'));
    assert.match(mlmodel, /^ {2}sklearn:$/m);
  });

  it('registers models/model/ as churn@challenger after the gate passes', async () => {
    const version = await store!.getModelVersionByAlias('churn', 'challenger').catch((err: Error) => {
      throw new Error(`no model version churn@challenger (${err.message}): mlops.yaml's gate beats_champion should pass on the first model and \`register\` then make it (\`mlops run\` exited ${exitCode}):\n${output}`);
    });
    assert.equal(version.runId, stageRun('train').info.runId, 'the version comes from the run of the stage that wrote models/model/');
    const id = /^models:\/(m-[0-9a-f]+)$/.exec(version.source)?.[1];
    assert.ok(id, `version source ${version.source}`);
    const folder = fileURLToPath((await store!.getLoggedModel(id)).artifactLocation);
    assert.ok(existsSync(path.join(folder, 'MLmodel')), `the registered model's folder ${folder} holds no MLmodel: ${existsSync(folder) ? readdirSync(folder).join(', ') : 'missing'}`);
  });
});
