// Tags the pipeline runner puts on runs: MLflow's standard ones where one exists, `mlops.*` otherwise.
// Lineage tags (git, Python, lock files, outs) are named in src/core/lineage/tags.ts, gate results'
// in gateRecord.ts.
export const runTag = {
  runName: 'mlflow.runName',
  parentRunId: 'mlflow.parentRunId',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  pipelineRun: 'mlops.pipelineRun',
  stage: 'mlops.stage',
  config: 'mlops.config',
  /** On a stage's run: why it ran ("deps changed: src/train.py"), or "up to date" when cached. */
  reason: 'mlops.reason',
  /** On a cached stage's run: the run that produced the outputs it reused. */
  cachedFrom: 'mlops.cached_from',
  /** On the pipeline run: `models:/NAME/VERSION` it registered (register.ts). */
  registeredModel: 'mlops.registeredModel',
} as const;
