// Connecting to a server before the views switch to it: each way it can fail, over real HTTP(S) on
// 127.0.0.1, in the words the user reads. Our own MLflow server stands for an MLflow server that
// requires a token; plain servers stand for what else sits at a wrong URL (a proxy that denies,
// a web server that is not MLflow, a port that speaks no TLS, a self-signed certificate).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkServer } from '../../../src/vscode/backend/connectionCheck';
import { describeConnectionError, type ConnectionProblem } from '../../../src/vscode/backend/connectionProblem';
import { startHarness, type Harness } from '../mlflowServer/serverHarness';

async function problemOf(url: string, credentials: { token?: string; username?: string; password?: string } = {}, timeoutMs?: number): Promise<ConnectionProblem> {
  try {
    await checkServer(url, credentials, { timeoutMs });
  } catch (error) {
    return describeConnectionError(error, url);
  }
  assert.fail(`${url} answered the check`);
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('checking an MLflow server before connecting', () => {
  let ours: Harness;
  let url: string;
  const plain: Server[] = [];

  before(async () => {
    ours = await startHarness();
    url = `http://127.0.0.1:${ours.server.port}`;
  });

  after(async () => {
    for (const server of plain) server.closeAllConnections();
    await Promise.all(plain.map(close));
    await ours.close();
  });

  async function plainServer(handler: RequestListener): Promise<string> {
    const server = createServer(handler);
    plain.push(server);
    return `http://${await listen(server)}`;
  }

  it('passes with the right token', async () => {
    await checkServer(url, { token: ours.store.token });
  });

  it('says 401 for a wrong token, and never repeats the token', async () => {
    const problem = await problemOf(url, { token: 'not-the-token-0123' });
    assert.equal(problem.kind, 'unauthenticated');
    assert.match(problem.message, new RegExp(`The MLflow server at ${url} refused the credentials \\(401 Unauthorized\\)`));
    assert.doesNotMatch(problem.message, /not-the-token-0123/);
  });

  it('says 401 without credentials, and for a username and password where a token is wanted', async () => {
    assert.equal((await problemOf(url)).kind, 'unauthenticated');
    const basic = await problemOf(url, { username: 'ana', password: 'secret-pw-987' });
    assert.equal(basic.kind, 'unauthenticated');
    assert.doesNotMatch(basic.message, /secret-pw-987/);
  });

  it('says 403 when a proxy in front denies access', async () => {
    const denying = await plainServer((_req, res) => res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden'));
    const problem = await problemOf(denying, { token: 't' });
    assert.equal(problem.kind, 'forbidden');
    assert.match(problem.message, /denied access \(403 Forbidden\)/);
  });

  it('says 404 for a web server that is not MLflow', async () => {
    const other = await plainServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
    const problem = await problemOf(other);
    assert.equal(problem.kind, 'notFound');
    assert.match(problem.message, /has no MLflow REST API \(404 Not Found\)/);
  });

  it('says what came back when a server answers with a page instead of JSON', async () => {
    const page = await plainServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>sign in</html>'));
    const problem = await problemOf(page);
    assert.equal(problem.kind, 'other');
    assert.match(problem.message, /something other than JSON: <html>sign in<\/html>/);
  });

  it('says unreachable for a port nobody listens on', async () => {
    const server = createServer();
    const address = await listen(server);
    await close(server);
    const problem = await problemOf(`http://${address}`);
    assert.equal(problem.kind, 'unreachable');
    assert.match(problem.message, new RegExp(`Cannot reach the MLflow server at http://${address} \\(connection refused\\)`));
  });

  it('says when the server does not answer in time', async () => {
    const silent = await plainServer(() => undefined);
    const problem = await problemOf(silent, {}, 300);
    assert.equal(problem.kind, 'timeout');
    assert.match(problem.message, /did not answer/);
  });

  it('says TLS, and why, for https to a port that speaks plain http', async () => {
    const problem = await problemOf(url.replace('http:', 'https:'));
    assert.equal(problem.kind, 'tls');
    assert.match(problem.message, /The secure connection to https:\/\/127\.0\.0\.1:\d+ failed: the server does not speak TLS on that port; is its URL http:\/\/ rather than https:\/\/\?$/);
  });

  it('says TLS, and what to do, for a self-signed certificate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mlops-tls-'));
    try {
      const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      const server = createTlsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('{}'));
      plain.push(server);
      const problem = await problemOf(`https://${await listen(server)}`);
      assert.equal(problem.kind, 'tls');
      assert.match(problem.message, /its certificate is self-signed; .*NODE_EXTRA_CA_CERTS/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
