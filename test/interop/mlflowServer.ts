import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mlflowEnv, mlflowVenv } from './mlflowVenv';

// The real `mlflow server` over one SQLite file, for the length of a test file. It runs in its own
// process group (it forks uvicorn), so stopping it ends every process it started.

export interface MlflowServer {
  readonly url: string;
  /** GET (with query parameters) or POST (with a JSON body) under /api/2.0/mlflow; throws on a non-2xx answer. */
  get(endpoint: string, query?: Record<string, string>): Promise<unknown>;
  post(endpoint: string, body: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000; // two shared cores: MLflow's imports alone take several seconds

export async function startMlflowServer(dbFile: string, artifactRoot: string): Promise<MlflowServer> {
  const venv = mlflowVenv();
  const port = await freePort();
  const cwd = mkdtempSync(path.join(tmpdir(), 'mlflow-server-')); // anything MLflow drops in its cwd lands here
  const args = [
    'server',
    '--backend-store-uri', `sqlite:///${path.resolve(dbFile)}`,
    '--default-artifact-root', pathToFileURL(artifactRoot).href,
    '--no-serve-artifacts',
    '--host', '127.0.0.1',
    '--port', String(port),
    '--workers', '1',
    '--allowed-hosts', `127.0.0.1:${port}`,
  ];
  const child = spawn(venv.mlflow, args, { cwd, env: mlflowEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(child, exited);
    rmSync(cwd, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, exited, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    get: (endpoint, query = {}) => call(url, endpoint, 'GET', new URLSearchParams(query).toString()),
    post: (endpoint, body) => call(url, endpoint, 'POST', '', body),
    stop,
  };
}

async function call(base: string, endpoint: string, method: string, query: string, body?: unknown): Promise<unknown> {
  const target = `${base}/api/2.0/mlflow/${endpoint}${query ? `?${query}` : ''}`;
  const res = await fetch(target, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`MLflow answered ${res.status} to ${method} ${endpoint}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

async function waitForHealth(url: string, exited: Promise<number | null>, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let code: number | null | undefined;
  void exited.then((c) => (code = c ?? -1));
  while (Date.now() < deadline) {
    if (code !== undefined) throw new Error(`mlflow server exited (code ${code}) before it answered /health:\n${log()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`mlflow server did not answer ${url}/health within ${START_TIMEOUT_MS / 1000} s:\n${log()}`);
}

/** SIGTERM to the group, then SIGKILL to whatever is left after a grace period; returns once the group is gone. */
async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  const group = child.pid!;
  signalGroup(group, 'SIGTERM');
  if (!(await groupGone(group, 10_000))) {
    signalGroup(group, 'SIGKILL');
    await groupGone(group, 10_000);
  }
  await Promise.race([exited, sleep(1000)]);
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // already gone
  }
}

async function groupGone(group: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      process.kill(-group, 0);
    } catch {
      return true;
    }
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
