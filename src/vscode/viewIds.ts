// Ids shared by package.json's contributions and the code that fills them.
export const ViewId = {
  container: 'mlops',
  runs: 'mlops.runs',
  models: 'mlops.models',
} as const;

/**
 * Context key for `when` clauses (package.json's viewsWelcome): where the store stands.
 * `noConfig`: no mlops.yaml and no `mlops.store` setting; `missing`: no `.mlops/mlflow.db` yet;
 * `open`: a snapshot is loaded; `error`: the store could not be read (details in the log).
 */
export const storeStateContextKey = 'mlops.storeState';

/** contextValue of each kind of tree row, for `viewItem == ...` in package.json's menus. */
export const RunsContextValue = { experiment: 'experiment', run: 'run', params: 'params', metrics: 'metrics', param: 'param', metric: 'metric' } as const;
export const ModelsContextValue = { model: 'model', version: 'modelVersion' } as const;
