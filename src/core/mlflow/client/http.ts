import { StoreError } from '../../store/types';

// The transport to an MLflow Tracking Server: JSON over HTTP(S) under `<url>/api/2.0/mlflow/`, as
// MLflow's own client speaks it (mlflow/utils/rest_utils.py): GET sends its fields as query
// parameters, every other method a JSON body; credentials go in the Authorization header (a bearer
// token, or basic auth from a username and password).
//
// Contract: a request that fails transiently (429, or 5xx) is retried with exponential backoff and
// jitter, honouring Retry-After; a 4xx is never retried. Every failure surfaces as a StoreError
// with MLflow's error code, and no message ever holds the token or password.

export interface MlflowCredentials {
  token?: string;
  username?: string;
  password?: string;
}

export interface MlflowHttpOptions extends MlflowCredentials {
  /** The server's base URL, e.g. `https://mlflow.example.com` or `http://127.0.0.1:5000/prefix`. */
  url: string;
  /** Per attempt (default 120 s, as MLflow's MLFLOW_HTTP_REQUEST_TIMEOUT). */
  timeoutMs?: number;
  /** Retries after the first attempt for 429/5xx (default 5). */
  maxRetries?: number;
  /** First backoff; doubles per retry (default 500 ms). */
  backoffMs?: number;
  /** Longest single wait between attempts, whatever Retry-After says (default 30 s). */
  maxBackoffMs?: number;
}

export type QueryValue = string | number | boolean | string[] | undefined;
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

type StoreErrorCode = StoreError['code'];

const STORE_CODES: ReadonlySet<string> = new Set<StoreErrorCode>([
  'RESOURCE_DOES_NOT_EXIST', 'RESOURCE_ALREADY_EXISTS', 'INVALID_PARAMETER_VALUE', 'INVALID_STATE', 'BAD_REQUEST', 'INTERNAL_ERROR',
]);

/**
 * A failed request to an MLflow server. `mlflowCode` is MLflow's error code exactly as the server
 * sent it, or the one MLflow uses for the failure (UNAUTHENTICATED, PERMISSION_DENIED,
 * TEMPORARILY_UNAVAILABLE, ENDPOINT_NOT_FOUND); `code` is the nearest store error code, so callers
 * that handle StoreError (not found, already exists, invalid value) work on either backend.
 * `status` is the HTTP status, absent when no answer came.
 */
export class MlflowRequestError extends StoreError {
  constructor(
    readonly mlflowCode: string,
    readonly status: number | undefined,
    message: string,
  ) {
    super(storeCode(mlflowCode, status), message);
    this.name = 'MlflowRequestError';
  }
}

function storeCode(mlflowCode: string, status: number | undefined): StoreErrorCode {
  if (STORE_CODES.has(mlflowCode)) return mlflowCode as StoreErrorCode;
  if (mlflowCode === 'ENDPOINT_NOT_FOUND' || status === 404) return 'RESOURCE_DOES_NOT_EXIST';
  if (status !== undefined && status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL_ERROR';
}

export class MlflowHttp {
  /** The base URL without credentials or a trailing slash: safe to show. */
  readonly url: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(opts: MlflowHttpOptions) {
    let base: URL;
    try {
      base = new URL(opts.url);
    } catch {
      throw new StoreError('INVALID_PARAMETER_VALUE', `'${opts.url}' is not a URL; give the MLflow server as http(s)://host[:port].`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new StoreError('INVALID_PARAMETER_VALUE', `An MLflow server URL starts with http:// or https://, got ${base.protocol}//.`);
    }
    // fetch refuses URLs with user info; take them as basic-auth credentials instead.
    const username = opts.username ?? (base.username ? decodeURIComponent(base.username) : undefined);
    const password = opts.password ?? (base.password ? decodeURIComponent(base.password) : undefined);
    base.username = '';
    base.password = '';
    base.search = '';
    base.hash = '';
    this.url = base.href.replace(/\/+$/, '');
    if (opts.token) this.authorization = `Bearer ${opts.token}`;
    else if (username !== undefined) this.authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.maxRetries = opts.maxRetries ?? 5;
    this.backoffMs = opts.backoffMs ?? 500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  }

  get<T>(endpoint: string, query: Record<string, QueryValue> = {}): Promise<T> {
    return this.request<T>('GET', endpoint, query);
  }

  post<T>(endpoint: string, body: unknown): Promise<T> {
    return this.request<T>('POST', endpoint, body);
  }

  patch<T>(endpoint: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', endpoint, body);
  }

  delete<T>(endpoint: string, body: unknown): Promise<T> {
    return this.request<T>('DELETE', endpoint, body);
  }

  /** `endpoint` is relative to `/api/2.0/mlflow/`, e.g. `runs/get`. */
  async request<T>(method: Method, endpoint: string, payload: unknown): Promise<T> {
    const target = `${this.url}/api/2.0/mlflow/${endpoint}` + (method === 'GET' ? queryString(payload as Record<string, QueryValue>) : '');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.authorization) headers.authorization = this.authorization;
    const body = method === 'GET' ? undefined : JSON.stringify(payload ?? {});
    if (body !== undefined) headers['content-type'] = 'application/json';
    const what = `${method} ${endpoint}`;

    for (let attempt = 0; ; attempt++) {
      let res: Response;
      let text: string;
      try {
        res = await fetch(target, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'follow' });
        text = await res.text();
      } catch (err) {
        throw this.transportError(err, what);
      }
      if (res.ok) return parseJson<T>(text, () => `${this.url} answered ${what} with something other than JSON: ${snippet(text)}`);
      const transient = res.status === 429 || res.status >= 500;
      if (transient && attempt < this.maxRetries) {
        await sleep(this.backoff(attempt, res.headers.get('retry-after')));
        continue;
      }
      throw this.statusError(res.status, text, what, transient ? attempt + 1 : 1);
    }
  }

  private backoff(attempt: number, retryAfter: string | null): number {
    const seconds = retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
    const exponential = this.backoffMs * 2 ** attempt * (1 + Math.random() * 0.25);
    return Math.min(this.maxBackoffMs, seconds !== undefined ? seconds * 1000 : exponential);
  }

  private transportError(err: unknown, what: string): MlflowRequestError {
    const e = err as { name?: string; cause?: { code?: string; message?: string } };
    if (e?.name === 'TimeoutError') {
      return new MlflowRequestError('TEMPORARILY_UNAVAILABLE', undefined, `The MLflow server at ${this.url} did not answer ${what} within ${this.timeoutMs / 1000} s.`);
    }
    const code = e?.cause?.code ?? '';
    const reason =
      code === 'ECONNREFUSED' ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host'
      : code ? `${code}${e.cause?.message ? `: ${e.cause.message}` : ''}`
      : e?.cause?.message ?? (err instanceof Error ? err.message : String(err));
    return new MlflowRequestError('TEMPORARILY_UNAVAILABLE', undefined, `Cannot reach the MLflow server at ${this.url} (${reason}).`);
  }

  private statusError(status: number, text: string, what: string, attempts: number): MlflowRequestError {
    const parsed = tryJson(text) as { error_code?: unknown; message?: unknown } | undefined;
    const serverCode = typeof parsed?.error_code === 'string' ? parsed.error_code : undefined;
    const serverMessage = typeof parsed?.message === 'string' && parsed.message ? parsed.message : undefined;
    const detail = serverMessage ? `: ${serverMessage}` : '.';
    const retried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
    if (status === 401) {
      const hint = this.authorization ? '' : '; none were given: set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD';
      return new MlflowRequestError(serverCode ?? 'UNAUTHENTICATED', status, `The MLflow server at ${this.url} refused the credentials (401)${hint}${detail}`);
    }
    if (status === 403) {
      return new MlflowRequestError(serverCode ?? 'PERMISSION_DENIED', status, `The MLflow server at ${this.url} denied ${what} (403)${detail}`);
    }
    if (serverCode && serverMessage) return new MlflowRequestError(serverCode, status, serverMessage + retried);
    if (status === 404) {
      return new MlflowRequestError('ENDPOINT_NOT_FOUND', status, `${this.url} has no MLflow endpoint ${what} (404). Is this the URL of an MLflow Tracking Server?`);
    }
    const code = status === 429 || status === 503 ? 'TEMPORARILY_UNAVAILABLE' : status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
    return new MlflowRequestError(code, status, `The MLflow server at ${this.url} answered ${what} with HTTP ${status}${retried}: ${snippet(text)}`);
  }
}

/** Query parameters as Python's `requests` writes them: lists repeat the key, undefined is left out. */
function queryString(query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson<T>(text: string, message: () => string): T {
  if (text.trim() === '') return {} as T;
  const value = tryJson(text);
  if (value === undefined || typeof value !== 'object' || value === null) throw new MlflowRequestError('INTERNAL_ERROR', undefined, message());
  return value as T;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty body)';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
