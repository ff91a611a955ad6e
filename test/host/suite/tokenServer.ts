// Our own MLflow server (`mlops serve`) over a fresh store: a real server that wants a bearer token
// (the one in the store's lock file) and answers 401 to any other.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TokenServer {
  url: string;
  token: string;
  stop(): Promise<void>;
}

export async function startTokenServer(cli: string, storeDir: string): Promise<TokenServer> {
  // The extension host's executable is Node in code-server, Electron in desktop VS Code.
  const child = spawn(process.execPath, [cli, 'serve', '--store', storeDir, '--json'], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const started = await new Promise<{ trackingUri: string; lockFile: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mlops serve printed no tracking URI within 60 s\n${stdout}${stderr}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve(JSON.parse(line) as { trackingUri: string; lockFile: string });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`mlops serve exited with ${child.exitCode ?? child.signalCode}\n${stdout}${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const { token } = JSON.parse(readFileSync(started.lockFile, 'utf8')) as { token: string };
  return { url: started.trackingUri, token, stop };
}

export const cliOf = (extensionPath: string): string => join(extensionPath, 'dist', 'cli.js');
