import assert from 'node:assert/strict';
import type { RunView, StoreReading } from './views';

// What `mlops run` on examples/churn must have recorded, so that "MLflow reads the same thing"
// is never vacuously true of an empty store.

export interface ChurnRuns {
  experimentId: string;
  pipeline: RunView;
  stages: Record<'prepare' | 'train' | 'evaluate', RunView>;
}

export function churnRuns(reading: StoreReading): ChurnRuns {
  const experiment = reading.experiments.find((e) => e.name === 'churn');
  assert.ok(experiment, 'experiment churn is missing');
  const runs = reading.runs[experiment.experiment_id] ?? [];
  const pipelines = runs.filter((r) => r.tags['mlops.pipelineRun'] !== undefined);
  assert.equal(pipelines.length, 1, 'one pipeline run (tag mlops.pipelineRun) in experiment churn');
  const pipeline = pipelines[0];
  const children = runs.filter((r) => r.tags['mlflow.parentRunId'] === pipeline.info.run_id);
  assert.deepEqual(children.map((r) => r.info.run_name).sort(), ['evaluate', 'prepare', 'train'], 'stage runs under the pipeline run');
  assert.equal(runs.length, 4, 'experiment churn holds the pipeline run and its three stage runs');
  const stages = Object.fromEntries(children.map((r) => [r.info.run_name, r])) as ChurnRuns['stages'];

  const { train, evaluate } = stages;
  for (const key of ['train.lr', 'train.epochs', 'train.l2']) assert.ok(train.params[key] !== undefined, `train run has param ${key}`);
  const epochs = Number(train.params['train.epochs']);
  for (const key of ['loss', 'auc']) assert.equal(train.histories[key]?.length, epochs, `train run has one ${key} point per epoch`);
  assert.deepEqual(Object.keys(evaluate.metrics).sort(), ['accuracy', 'auc', 'log_loss'], 'evaluate run metrics');
  for (const run of runs) assert.equal(run.info.status, 'FINISHED', `run ${run.info.run_name} finished`);
  return { experimentId: experiment.experiment_id, pipeline, stages };
}
