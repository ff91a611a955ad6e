// Ids shared by package.json's contributions and the code that fills them.
export const ViewId = {
  container: 'mlops',
  pipeline: 'mlops.pipeline',
  runs: 'mlops.runs',
  models: 'mlops.models',
} as const;

/**
 * Context key for `when` clauses (package.json's viewsWelcome): where the store stands.
 * `noConfig`: no mlops.yaml and no `mlops.store` setting; `missing`: no `.mlops/mlflow.db` yet;
 * `open`: a snapshot is loaded; `error`: the store could not be read (details in the log).
 */
export const storeStateContextKey = 'mlops.storeState';

/** Context key: the active tracking backend, `embedded`, `remote` or `mlflowData` (src/vscode/backend). */
export const backendContextKey = 'mlops.backend';

/** Context key: true while a pipeline run started from the editor goes on (src/vscode/pipeline/pipelineRuns.ts). */
export const pipelineRunningContextKey = 'mlops.pipelineRunning';

/** contextValue of each kind of tree row, for `viewItem == ...` in package.json's menus. */
export const RunsContextValue = {
  experiment: 'experiment', run: 'run', deletedRun: 'deletedRun', params: 'params', metrics: 'metrics', tags: 'tags', inputs: 'inputs', outputs: 'outputs',
  artifacts: 'artifacts', param: 'param', metric: 'metric', tag: 'tag', dataset: 'dataset', output: 'loggedModel', artifact: 'artifact', artifactFolder: 'artifactFolder',
  loadMore: 'loadMore', message: 'runsMessage',
} as const;

/** Context key: true while the Runs view has a filter, a sort or deleted runs showing (src/vscode/trees/runsView.ts). */
export const runsSearchContextKey = 'mlops.runsSearchActive';
export const ModelsContextValue = { model: 'model', version: 'modelVersion' } as const;
export const PipelineContextValue = { stage: 'stage', notice: 'pipelineNotice' } as const;
