import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { mlflowEnv, mlflowVenv } from './mlflowVenv';

// Runs clientWorkflow.py (the real mlflow client) against a tracking server and returns its answers
// with what must differ between two servers named instead of compared: run and logged-model ids
// become the script's names for them ("run:tuned"), the artifact root becomes "<artifacts>", and
// every time (a number under a key naming a time or timestamp) becomes "<time>".

export interface WorkflowServer {
  url: string;
  /**
   * A copy of clientWorkflow.py outside any git repository, the same for both servers: the client
   * tags runs with the git commit of the script's folder, which a commit made between the two runs
   * would change (see copyClientWorkflow).
   */
  script: string;
  token?: string;
  /** The server's artifact root as a file URI, as it appears in artifact locations. */
  artifactRoot: string;
}

export function runClientWorkflow(server: WorkflowServer): Record<string, unknown> {
  const env: NodeJS.ProcessEnv = { ...mlflowEnv(), MLFLOW_TRACKING_URI: server.url, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' };
  if (server.token) env.MLFLOW_TRACKING_TOKEN = server.token;
  const result = spawnSync(mlflowVenv().python, [server.script], { cwd: path.dirname(server.script), env, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`clientWorkflow.py against ${server.url} exited ${result.status ?? result.signal}:\n${result.stderr.slice(-6000)}`);
  const { ids, answers } = JSON.parse(result.stdout.trim().split('\n').pop()!) as { ids: Record<string, string>; answers: Record<string, unknown> };
  const root = server.artifactRoot.replace(/\/+$/, '');
  const replaceText = (s: string) => {
    let out = s.split(root).join('<artifacts>');
    for (const [id, name] of Object.entries(ids)) out = out.split(id).join(`<${name}>`);
    return out;
  };
  return normalize(answers, replaceText, '') as Record<string, unknown>;
}

/** Copies clientWorkflow.py into `dir` (outside the repository) and returns the copy's path. */
export function copyClientWorkflow(dir: string): string {
  const script = path.join(dir, 'clientWorkflow.py');
  copyFileSync(path.join(__dirname, 'clientWorkflow.py'), script);
  return script;
}

function normalize(v: unknown, text: (s: string) => string, key: string): unknown {
  if (Array.isArray(v)) return v.map((x) => normalize(x, text, key));
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), normalize(x, text, k)]));
  }
  if (typeof v === 'string') return text(v);
  if (typeof v === 'number' && /time/i.test(key) && v > 0) return '<time>';
  return v;
}
