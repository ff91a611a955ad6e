import * as fs from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startMlflowServer, type RunningMlflowServer } from '../../../src/core/mlflow/server/httpServer';
import { openEmbeddedStore, type EmbeddedStore } from '../../../src/core/store/embeddedStore';

// An embedded store in a temp folder with our MLflow server over it, and a raw HTTP caller that can
// send any header (a foreign Host, no token) and any body (malformed, oversized).

export interface Harness {
  store: EmbeddedStore;
  server: RunningMlflowServer;
  dir: string;
  call(method: string, api: string, body?: unknown, opts?: CallOptions): Promise<Answer>;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string | null;
  host?: string;
  /** Sent as is instead of JSON of `body`. */
  raw?: string | Buffer;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export async function startHarness(opts: { maxBodyBytes?: number } = {}): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'mlops-server-'));
  const store = await openEmbeddedStore(path.join(dir, '.mlops'));
  const server = await startMlflowServer({ store, token: store.token, artifactRoot: path.join(store.dir, 'artifacts'), maxBodyBytes: opts.maxBodyBytes });
  return {
    store,
    server,
    dir,
    call: (method, api, body, callOpts = {}) => call(server.port, store.token, method, api, body, callOpts),
    async close() {
      await server.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `api`: a path under /api/2.0/mlflow/, or an absolute path. GET bodies become the query string. */
export function call(port: number, token: string, method: string, api: string, body: unknown, opts: CallOptions): Promise<Answer> {
  let urlPath = api.startsWith('/') ? api : `/api/2.0/mlflow/${api}`;
  let payload: string | Buffer | undefined = opts.raw;
  if (payload === undefined && body !== undefined) {
    if (method === 'GET') {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(body as Record<string, unknown>)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, String(x));
      urlPath += `?${q}`;
    } else payload = JSON.stringify(body);
  }
  const headers: Record<string, string> = { Host: opts.host ?? `127.0.0.1:${port}` };
  const bearer = opts.token === undefined ? token : opts.token;
  if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Everything a client could see in the store, to show a refused request changed nothing. */
export async function snapshot(store: EmbeddedStore): Promise<string> {
  const experiments = await store.searchExperiments({ viewType: 'ALL' });
  const runs = await store.searchRuns({ experimentIds: experiments.map((e) => e.experimentId), viewType: 'ALL', maxResults: 50000 });
  const models = await store.searchRegisteredModels({ maxResults: 1000 });
  const versions = await Promise.all(models.items.map((m) => store.searchModelVersions({ name: m.name })));
  const experimentIds = experiments.map((e) => e.experimentId);
  const loggedModels = await store.searchLoggedModels({ experimentIds, maxResults: 1000 });
  const audit = await Promise.all(models.items.map((m) => store.readAudit(m.name)));
  return JSON.stringify({ experiments, runs: runs.items, models: models.items, versions, loggedModels: loggedModels.items, audit });
}
