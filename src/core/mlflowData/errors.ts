import { StoreError } from '../store/types';

/**
 * Existing MLflow data that cannot be opened: the path is missing, is neither an mlflow.db nor an
 * mlruns tree, or holds a schema revision this version does not read. `path` names the file or
 * folder; the message says what was expected and what to do. Nothing on disk was changed.
 * A StoreError, so every face reports it as it reports a bad store.
 */
export class MlflowDataError extends StoreError {
  constructor(
    readonly path: string,
    message: string,
    code: 'RESOURCE_DOES_NOT_EXIST' | 'INVALID_STATE' = 'INVALID_STATE',
  ) {
    super(code, message);
    this.name = 'MlflowDataError';
  }
}
