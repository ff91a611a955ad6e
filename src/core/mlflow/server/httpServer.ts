import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import mlflowVersion from '../../store/mlflowVersion.json';
import { errorBody, RestError, toRestError } from './errors';
import { Fields } from './fields';
import { compact } from './json';
import { JsonText } from './jsonText';
import type { Route, ServedStore } from './route';
import { ARTIFACTS_PREFIX, serveArtifacts } from './routes/artifacts';
import { experimentRoutes } from './routes/experiments';
import { loggedModelRoutes } from './routes/loggedModels';
import { metricRoutes } from './routes/metrics';
import { modelVersionRoutes } from './routes/modelVersions';
import { registeredModelRoutes } from './routes/registeredModels';
import { runRoutes } from './routes/runs';
import { checkHost, checkToken } from './security';

// The embedded MLflow tracking server: MLflow's REST API 2.0 (the subset the mlflow 3 client uses)
// over a store, on 127.0.0.1 only. /api/2.0/mlflow/... and the UI's /ajax-api/2.0/mlflow/... alias,
// the proxied artifact endpoints, /health and /version. Every request passes security.ts first.

export interface MlflowServerOptions {
  store: ServedStore;
  /** The bearer token every request must carry (the store lock's token). */
  token: string;
  /** The folder the proxied artifact endpoints serve (the store's `artifacts`). */
  artifactRoot: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** JSON bodies larger than this are refused with 413 (default 16 MiB). */
  maxBodyBytes?: number;
}

export interface RunningMlflowServer {
  readonly port: number;
  /** The tracking URI for MLFLOW_TRACKING_URI. */
  readonly url: string;
  close(): Promise<void>;
}

const API_PREFIXES = ['/api/2.0/mlflow/', '/ajax-api/2.0/mlflow/'];

export async function startMlflowServer(opts: MlflowServerOptions): Promise<RunningMlflowServer> {
  if (!opts.token) throw new Error('The MLflow server needs a token: open the store as its owner, not read-only.');
  const routes = new RouteTable([
    ...experimentRoutes(opts.store),
    ...runRoutes(opts.store),
    ...metricRoutes(opts.store),
    ...registeredModelRoutes(opts.store),
    ...modelVersionRoutes(opts.store),
    ...loggedModelRoutes(opts.store),
  ]);
  const maxBodyBytes = opts.maxBodyBytes ?? 16 * 2 ** 20;
  let port = 0;
  const server = createServer((req, res) => {
    serve(req, res).catch((err) => sendError(res, toRestError(err)));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkHost(req.headers, port);
    checkToken(req.headers, opts.token);
    // The path as sent: URL parsing would resolve `..` segments away before the artifact checks see them.
    const pathname = (req.url ?? '/').split('?')[0];
    const query = parseQuery(req.url ?? '/');
    if (pathname === '/health') return sendText(res, 'OK');
    if (pathname === '/version') return sendText(res, mlflowVersion.mlflow);
    if (pathname === ARTIFACTS_PREFIX || pathname.startsWith(`${ARTIFACTS_PREFIX}/`)) return serveArtifacts(req, res, opts.artifactRoot, pathname, query);
    const prefix = API_PREFIXES.find((p) => pathname.startsWith(p));
    const found = prefix ? routes.find(req.method ?? 'GET', pathname.slice(prefix.length)) : undefined;
    if (!found) throw new RestError(404, 'ENDPOINT_NOT_FOUND', `No API endpoint ${req.method} ${pathname} on this server.`);
    if (!found.route) throw new RestError(405, 'BAD_REQUEST', `${req.method} is not allowed on ${pathname}; use ${found.allowed.join(' or ')}.`);
    const fields = req.method === 'GET' ? Fields.fromQuery(query) : Fields.fromJson(await readJson(req, maxBodyBytes));
    const answer = await found.route.handle({ fields, pathParams: found.params });
    sendJson(res, 200, answer instanceof JsonText ? answer.body : JSON.stringify(compact(answer as Record<string, unknown>)));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

class RouteTable {
  private readonly byPath = new Map<string, Route[]>();

  constructor(private readonly routes: Route[]) {
    for (const r of routes) if (!r.path.includes(':')) this.byPath.set(r.path, [...(this.byPath.get(r.path) ?? []), r]);
  }

  /** The route for a method and path; `route` is undefined when the path exists under other methods. */
  find(method: string, path: string): { route?: Route; params: Record<string, string>; allowed: string[] } | undefined {
    let candidates = this.byPath.get(path)?.map((route) => ({ route, params: {} as Record<string, string> }));
    if (!candidates) {
      candidates = this.routes.flatMap((route) => {
        const params = matchPattern(route.path, path);
        return params ? [{ route, params }] : [];
      });
    }
    if (candidates.length === 0) return undefined;
    const hit = candidates.find((c) => c.route.method === method);
    return { route: hit?.route, params: hit?.params ?? {}, allowed: candidates.map((c) => c.route.method) };
  }
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (!pattern.includes(':') || want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (got[i] === '') return undefined;
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return undefined; // not valid URL encoding: no such resource
      }
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

function parseQuery(target: string): URLSearchParams {
  const q = target.indexOf('?');
  return new URLSearchParams(q === -1 ? '' : target.slice(q + 1));
}

/** The request's JSON body: {} when empty; 413 over the limit; 400 when it is not JSON. */
async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
    if (typeof body === 'string') body = JSON.parse(body); // older clients double-encode, as MLflow's server allows
  } catch {
    throw new RestError(400, 'BAD_REQUEST', 'Malformed JSON in the request body.');
  }
  return body;
}

function tooLarge(limit: number): RestError {
  return new RestError(413, 'BAD_REQUEST', `The request body is larger than ${limit} bytes.`);
}

function sendJson(res: ServerResponse, status: number, body: string | Uint8Array): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, err: RestError): void {
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  // A refused body may still be arriving: answer, then close the connection rather than read it.
  if (err.status === 413) res.setHeader('Connection', 'close');
  sendJson(res, err.status, errorBody(err));
  if (err.status === 413) res.once('finish', () => res.req.socket.destroySoon?.());
}
