// The workspace the real-editor tiers open: a fresh copy of examples/churn after `mlops run`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './tools';

export const churnExample = join(repoRoot, 'examples', 'churn');
export const cli = join(repoRoot, 'dist', 'cli.js');

/** Copies examples/churn (without any store) under `parent` and runs its pipeline once. */
export function prepareChurnWorkspace(parent: string): string {
  if (!existsSync(join(churnExample, 'mlops.yaml'))) throw new Error(`${churnExample}/mlops.yaml is missing`);
  if (!existsSync(cli)) throw new Error(`${cli} is missing; run npm run build`);
  const workspace = join(parent, 'churn');
  cpSync(churnExample, workspace, {
    recursive: true,
    filter: (source) => !/[/\\](\.mlops|node_modules)([/\\]|$)/.test(source.slice(churnExample.length)),
  });
  const run = spawnSync(process.execPath, [cli, 'run'], { cwd: workspace, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) {
    throw new Error(`mlops run in ${workspace} exited ${run.status ?? run.signal}\n${run.stdout}\n${run.stderr}`);
  }
  return workspace;
}
