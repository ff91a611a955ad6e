import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { MlflowHttp, MlflowRequestError } from '../../../src/core/mlflow/client/http';
import { RestStore } from '../../../src/core/mlflow/client/restStore';

// The transport against a real HTTP server on 127.0.0.1 whose answers each test scripts.

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

type Answer = (req: Seen) => { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };
const ok: Answer = () => ({ status: 200, body: {} });

describe('MLflow REST transport', () => {
  let server: Server;
  let url: string;
  let seen: Seen[];
  let answers: Answer[];

  before(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const request = { method: req.method!, url: req.url!, authorization: req.headers.authorization, body };
        seen.push(request);
        const answer = (answers.shift() ?? ok)(request);
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    answers = [];
  });

  const http = (opts: Partial<ConstructorParameters<typeof MlflowHttp>[0]> = {}) => new MlflowHttp({ url, backoffMs: 5, ...opts });

  async function rejection(promise: Promise<unknown>): Promise<MlflowRequestError> {
    try {
      await promise;
    } catch (err) {
      assert.ok(err instanceof MlflowRequestError, `expected an MlflowRequestError, got ${String(err)}`);
      return err;
    }
    assert.fail('the request succeeded');
  }

  test('GET sends fields as query parameters (lists repeated), POST as a JSON body', async () => {
    answers = [() => ({ status: 200, body: { ok: 1 } }), () => ({ status: 200, body: { ok: 2 } })];
    assert.deepEqual(await http().get('registered-models/search', { max_results: 5, order_by: ['name ASC', 'x'], page_token: undefined }), { ok: 1 });
    assert.deepEqual(await http().post('runs/create', { experiment_id: '1' }), { ok: 2 });
    assert.equal(seen[0].method, 'GET');
    assert.equal(seen[0].url, '/api/2.0/mlflow/registered-models/search?max_results=5&order_by=name+ASC&order_by=x');
    assert.equal(seen[0].body, '');
    assert.equal(seen[1].method, 'POST');
    assert.equal(seen[1].url, '/api/2.0/mlflow/runs/create');
    assert.deepEqual(JSON.parse(seen[1].body), { experiment_id: '1' });
  });

  test('a 503 is retried, then the success is returned', async () => {
    answers = [() => ({ status: 503, body: 'busy' }), () => ({ status: 503, body: 'busy' }), () => ({ status: 200, body: { run: {} } })];
    assert.deepEqual(await http().get('runs/get', { run_id: 'r' }), { run: {} });
    assert.equal(seen.length, 3);
  });

  test('a 429 is retried, honouring Retry-After', async () => {
    answers = [() => ({ status: 429, headers: { 'retry-after': '0' } }), () => ({ status: 200, body: { ok: true } })];
    assert.deepEqual(await http().post('runs/log-batch', {}), { ok: true });
    assert.equal(seen.length, 2);
  });

  test('5xx until retries run out: the error says how many attempts', async () => {
    answers = Array.from({ length: 10 }, () => () => ({ status: 500, body: { error_code: 'INTERNAL_ERROR', message: 'database is locked' } }));
    const err = await rejection(http({ maxRetries: 2 }).post('runs/log-batch', {}));
    assert.equal(seen.length, 3);
    assert.equal(err.status, 500);
    assert.equal(err.code, 'INTERNAL_ERROR');
    assert.match(err.message, /database is locked \(after 3 attempts\)/);
  });

  test('a 400 is never retried and keeps MLflow\'s error code and message', async () => {
    answers = [() => ({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message: 'Changing param values is not allowed.' } })];
    const err = await rejection(http().post('runs/log-parameter', {}));
    assert.equal(seen.length, 1);
    assert.equal(err.status, 400);
    assert.equal(err.code, 'INVALID_PARAMETER_VALUE');
    assert.equal(err.mlflowCode, 'INVALID_PARAMETER_VALUE');
    assert.equal(err.message, 'Changing param values is not allowed.');
  });

  test('401 without credentials says which variables to set; 403 says denied; neither is retried', async () => {
    answers = [() => ({ status: 401, body: 'You are not authenticated.' })];
    const unauthenticated = await rejection(http().get('experiments/search'));
    assert.equal(unauthenticated.mlflowCode, 'UNAUTHENTICATED');
    assert.equal(unauthenticated.status, 401);
    assert.match(unauthenticated.message, new RegExp(`MLflow server at ${url} refused the credentials \\(401\\).*MLFLOW_TRACKING_TOKEN`));
    answers = [() => ({ status: 403, body: { error_code: 'PERMISSION_DENIED', message: 'Permission denied' } })];
    const denied = await rejection(http({ token: 'secret-token' }).post('experiments/delete', {}));
    assert.equal(denied.mlflowCode, 'PERMISSION_DENIED');
    assert.match(denied.message, /denied POST experiments\/delete \(403\): Permission denied/);
    assert.ok(!denied.message.includes('secret-token'));
    assert.equal(seen.length, 2);
  });

  test('404 with MLflow\'s error JSON is RESOURCE_DOES_NOT_EXIST; without it, the URL is no MLflow endpoint', async () => {
    answers = [() => ({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: "Run 'x' not found" } })];
    const missing = await rejection(http().get('runs/get', { run_id: 'x' }));
    assert.equal(missing.code, 'RESOURCE_DOES_NOT_EXIST');
    assert.equal(missing.message, "Run 'x' not found");
    answers = [() => ({ status: 404, body: '<html>Not Found</html>', headers: { 'content-type': 'text/html' } })];
    const wrongUrl = await rejection(http().get('runs/get', { run_id: 'x' }));
    assert.equal(wrongUrl.mlflowCode, 'ENDPOINT_NOT_FOUND');
    assert.match(wrongUrl.message, /has no MLflow endpoint GET runs\/get \(404\)/);
  });

  test('a request that takes longer than the timeout fails clearly', async () => {
    answers = [() => ({ status: 200, body: {}, delayMs: 2000 })];
    const err = await rejection(http({ timeoutMs: 100, maxRetries: 0 }).get('experiments/get', { experiment_id: '1' }));
    assert.equal(err.mlflowCode, 'TEMPORARILY_UNAVAILABLE');
    assert.match(err.message, /did not answer GET experiments\/get within 0\.1 s/);
  });

  test('an unreachable port: "Cannot reach the MLflow server at URL"', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await rejection(new MlflowHttp({ url: `http://127.0.0.1:${port}` }).get('experiments/search'));
    assert.equal(err.status, undefined);
    assert.equal(err.message, `Cannot reach the MLflow server at http://127.0.0.1:${port} (connection refused).`);
  });

  test('bearer token and basic auth headers; credentials in the URL become basic auth', async () => {
    await http({ token: 'tok-123' }).get('experiments/search');
    await http({ username: 'ana', password: 'p:w' }).get('experiments/search');
    const withUserInfo = new MlflowHttp({ url: url.replace('http://', 'http://ben:s3cret@') });
    await withUserInfo.get('experiments/search');
    assert.equal(seen[0].authorization, 'Bearer tok-123');
    assert.equal(seen[1].authorization, `Basic ${Buffer.from('ana:p:w').toString('base64')}`);
    assert.equal(seen[2].authorization, `Basic ${Buffer.from('ben:s3cret').toString('base64')}`);
    assert.equal(withUserInfo.url, url);
    await http().get('experiments/search');
    assert.equal(seen[3].authorization, undefined);
  });

  test('a non-JSON success is an error, not a crash', async () => {
    answers = [() => ({ status: 200, body: 'not json' })];
    const err = await rejection(http().get('runs/get'));
    assert.match(err.message, /answered GET runs\/get with something other than JSON/);
  });

  test('RestStore decodes "NaN" and "Infinity" and int64 strings; encodes NaN as "NaN"', async () => {
    answers = [
      () => ({
        status: 200,
        body: {
          metrics: [
            { key: 'loss', value: 'NaN', timestamp: '1700000000000', step: '0' },
            { key: 'loss', value: 'Infinity', timestamp: 1700000000001, step: 1 },
            { key: 'loss', value: '-Infinity', timestamp: 1700000000002, step: 2 },
            { key: 'loss', value: 0.5, timestamp: 1700000000003 },
          ],
        },
      }),
      () => ({ status: 200, body: {} }),
    ];
    const store = new RestStore({ url, backoffMs: 5 });
    const history = await store.getMetricHistory('r1', 'loss');
    assert.ok(Number.isNaN(history.values[0]));
    assert.deepEqual([...history.values.slice(1)], [Infinity, -Infinity, 0.5]);
    assert.deepEqual([...history.steps], [0, 1, 2, 0]);
    assert.equal(history.timestamps[0], 1700000000000);
    await store.logBatch('r1', { metrics: [{ key: 'loss', value: NaN, timestamp: 1, step: 0 }, { key: 'loss', value: -Infinity, timestamp: 2, step: 1 }] });
    assert.deepEqual(JSON.parse(seen[1].body).metrics.map((m: { value: unknown }) => m.value), ['NaN', '-Infinity']);
  });

  test('RestStore pages a metric history until the server has no next page', async () => {
    answers = [
      () => ({ status: 200, body: { metrics: [{ key: 'a', value: 1, timestamp: 1, step: 0 }], next_page_token: 'p2' } }),
      () => ({ status: 200, body: { metrics: [{ key: 'a', value: 2, timestamp: 2, step: 1 }] } }),
    ];
    const history = await new RestStore({ url }).getMetricHistory('r1', 'a');
    assert.deepEqual([...history.values], [1, 2]);
    assert.match(seen[1].url, /page_token=p2/);
  });

  test('RestStore splits a log batch into requests within MLflow\'s limits', async () => {
    const metrics = Array.from({ length: 2500 }, (_, step) => ({ key: 'm', value: step, timestamp: step, step }));
    const params = Array.from({ length: 150 }, (_, i) => ({ key: `p${i}`, value: String(i) }));
    await new RestStore({ url }).logBatch('r1', { metrics, params });
    const bodies = seen.map((s) => JSON.parse(s.body) as { metrics: unknown[]; params: unknown[]; tags: unknown[] });
    assert.ok(bodies.every((b) => b.metrics.length + b.params.length + b.tags.length <= 1000 && b.params.length <= 100));
    assert.equal(bodies.reduce((n, b) => n + b.metrics.length, 0), 2500);
    assert.equal(bodies.reduce((n, b) => n + b.params.length, 0), 150);
  });
});
