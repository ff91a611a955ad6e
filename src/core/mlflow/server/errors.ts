import { SearchSyntaxError } from '../../search/errors';
import { StoreError } from '../../store/types';

// MLflow's error answer: HTTP status + `{"error_code": ..., "message": ...}`. The codes and statuses
// are MLflow's (mlflow/exceptions.py), except that nothing a client caused answers 5xx: the mlflow
// client retries 5xx, so a mistake would be repeated instead of reported.

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RestError';
  }
}

export const invalidParameter = (message: string) => new RestError(400, 'INVALID_PARAMETER_VALUE', message);
export const badRequest = (message: string) => new RestError(400, 'BAD_REQUEST', message);
export const notFound = (message: string) => new RestError(404, 'RESOURCE_DOES_NOT_EXIST', message);

const STATUS: Record<StoreError['code'], number> = {
  RESOURCE_DOES_NOT_EXIST: 404,
  RESOURCE_ALREADY_EXISTS: 400, // as MLflow: 400, not 409
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  INVALID_STATE: 400, // MLflow answers 500; ours means "store opened read-only", nothing a retry fixes
  INTERNAL_ERROR: 500,
};

/** Any error thrown while serving a request, as MLflow's error answer. */
export function toRestError(err: unknown): RestError {
  if (err instanceof RestError) return err;
  if (err instanceof StoreError) return new RestError(STATUS[err.code], err.code, err.message);
  if (err instanceof SearchSyntaxError) return invalidParameter(err.message);
  return new RestError(500, 'INTERNAL_ERROR', err instanceof Error ? err.message : String(err));
}

// MLflow 3's error classification (mlflow/error_classification.py), sent beside every error code
// it knows: `error_class`, and `sqlstate` (XXM00 for its internal codes, KAM00 for the rest).
const ERROR_CLASS: Record<string, string> = {
  BAD_REQUEST: 'INVALID_PARAMETER_VALUE',
  ENDPOINT_NOT_FOUND: 'RESOURCE_NOT_FOUND',
  INTERNAL_ERROR: 'CLIENT_INTERNAL_ERROR',
  INVALID_PARAMETER_VALUE: 'INVALID_PARAMETER_VALUE',
  INVALID_STATE: 'CLIENT_INTERNAL_ERROR',
  NOT_FOUND: 'RESOURCE_NOT_FOUND',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  RESOURCE_ALREADY_EXISTS: 'RESOURCE_ALREADY_EXISTS',
  RESOURCE_DOES_NOT_EXIST: 'RESOURCE_NOT_FOUND',
  TEMPORARILY_UNAVAILABLE: 'CLIENT_INTERNAL_ERROR',
};
const INTERNAL_CODES = new Set(['INTERNAL_ERROR', 'INVALID_STATE', 'TEMPORARILY_UNAVAILABLE']);

export function errorBody(err: RestError): string {
  const errorClass = ERROR_CLASS[err.code];
  const classified = errorClass ? { sqlstate: INTERNAL_CODES.has(err.code) ? 'XXM00' : 'KAM00', error_class: errorClass } : {};
  return JSON.stringify({ error_code: err.code, message: err.message, ...classified });
}
