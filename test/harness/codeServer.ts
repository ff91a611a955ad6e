// Starts and stops code-server (the real VS Code server and web workbench) for one test run.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, closeSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { codeServerVersion, findTools, type CodeServerChoice, type Tools } from './tools';
import type { WorkDir } from './workDir';

export interface CodeServer {
  url: string;
  port: number;
  logFile: string;
  /** e.g. `code-server 4.100.3 (VS Code 1.100.3) on Node v20.20.2`. */
  version: string;
  log(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Folder opened when the URL names none. */
  folder?: string;
  /** Merged over the default user settings. */
  settings?: Record<string, unknown>;
  healthTimeoutMs?: number;
  /** Default: MLOPS_CODE_SERVER, else `latest`. */
  codeServer?: CodeServerChoice;
  /** Added to the server's environment, which its extension host inherits. */
  env?: Record<string, string>;
  /** Workspace Trust on (off by default): a folder opens in Restricted Mode until the user trusts it. */
  workspaceTrust?: boolean;
}

const defaultSettings = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function writeSettings(work: WorkDir, settings: Record<string, unknown> | undefined): void {
  const dir = join(work.userData, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...defaultSettings, ...settings }, null, 2));
}

function serverEnv(work: WorkDir, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...work.env, ...extra };
  // Our own tooling variables must not leak into the editor's processes.
  delete env.NODE_OPTIONS;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

export async function startCodeServer(work: WorkDir, options: CodeServerOptions = {}): Promise<CodeServer> {
  const tools = findTools(options.codeServer);
  const version = codeServerVersion(tools);
  writeSettings(work, { ...options.settings, ...(options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {}) });
  const port = await freePort();
  const logFile = join(work.root, 'code-server.log');
  const out = openSync(logFile, 'a');
  const args = [
    tools.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', work.userData,
    '--extensions-dir', work.extensions,
    ...(options.folder ? [options.folder] : []),
  ];
  // detached: the server leads its own process group (setsid), so stop() reaches every helper it spawns.
  const child = spawn(tools.node, args, { cwd: work.root, env: serverEnv(work, options.env), detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const log = (): string => readFileSync(logFile, 'utf8');
  // Last resort when the test process ends without stop(): no server outlives its test.
  const killOnExit = (): void => {
    if (child.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    await stopGroup(child.pid);
  };
  const server: CodeServer = { url, port, logFile, version, log, stop };
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  try {
    await waitHealthy(url, options.healthTimeoutMs ?? 60_000, () => exited);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- code-server log ---\n${log()}`);
  }
  return server;
}

async function waitHealthy(url: string, timeoutMs: number, exitCode: () => number | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode() !== null) throw new Error(`code-server exited with ${exitCode()} before it was healthy`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`code-server not healthy at ${url} after ${timeoutMs} ms`);
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** TERM the whole group, then KILL what is left: newer code-server versions respawn a helper. */
async function stopGroup(pgid: number | undefined): Promise<void> {
  if (!pgid || !groupAlive(pgid)) return;
  process.kill(-pgid, 'SIGTERM');
  for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(250);
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(100);
}

/** Installs a .vsix (code-server refuses a folder) into the work dir's extensions dir. */
export async function installVsix(work: WorkDir, vsix: string, tools: Tools = findTools()): Promise<string> {
  const args = [tools.codeServerEntry, '--user-data-dir', work.userData, '--extensions-dir', work.extensions, '--install-extension', vsix];
  const { stdout, stderr } = await promisify(execFile)(tools.node, args, { env: serverEnv(work), cwd: work.root, timeout: 120_000 });
  const output = `${stdout}${stderr}`;
  if (!/successfully installed/i.test(output)) throw new Error(`installing ${vsix} failed:\n${output}`);
  return output;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
