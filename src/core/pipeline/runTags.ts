/** Tags the pipeline runner puts on runs: MLflow's standard ones where one exists, `mlops.*` otherwise. */
export const runTag = {
  runName: 'mlflow.runName',
  parentRunId: 'mlflow.parentRunId',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  pipelineRun: 'mlops.pipelineRun',
  stage: 'mlops.stage',
  config: 'mlops.config',
} as const;
