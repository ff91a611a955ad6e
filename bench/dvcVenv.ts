import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

// DVC, the status figure's baseline, in its own venv in the bench cache ($MLOPS_CI_CACHE/dvc-venv,
// beside the interop tier's mlflow-venv). Installed on first use with pip (from PyPI); a venv
// whose dvc does not answer `dvc --version` is made again.

export const DVC_VERSION = '3.67.1';

export type DvcInstall = { dvc: string; version: string } | { missing: string };

export function ensureDvc(progress: (message: string) => void): DvcInstall {
  const cache = process.env.MLOPS_CI_CACHE ?? path.join(homedir(), '.cache', 'mlops-ci');
  const dir = path.join(cache, 'dvc-venv');
  const dvc = path.join(dir, 'bin', 'dvc');
  const log = path.join(cache, 'dvc-venv.log');
  const installed = version(dvc);
  if (installed === DVC_VERSION) return { dvc, version: installed };

  progress(`installing dvc ${DVC_VERSION} into ${dir} (once; pip's output goes to ${log})`);
  mkdirSync(cache, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  const steps: [string, string[]][] = [
    ['python3', ['-m', 'venv', dir]],
    [path.join(dir, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', `dvc==${DVC_VERSION}`]],
  ];
  for (const [cmd, args] of steps) {
    const step = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15 * 60_000 });
    appendFileSync(log, `$ ${cmd} ${args.join(' ')}\n${step.stdout ?? ''}${step.stderr ?? ''}\n`);
    if (step.status !== 0) {
      const why = step.error?.message ?? `exit code ${step.status ?? step.signal}`;
      return { missing: `dvc ${DVC_VERSION} could not be installed into ${dir}: \`${cmd} ${args.join(' ')}\` failed (${why}); see ${log}.` };
    }
  }
  const after = version(dvc);
  return after === DVC_VERSION ? { dvc, version: after } : { missing: `dvc in ${dir} answers version ${after ?? 'nothing'} after installing ${DVC_VERSION}; see ${log}.` };
}

function version(dvc: string): string | undefined {
  if (!existsSync(dvc)) return undefined;
  const out = spawnSync(dvc, ['--version'], { encoding: 'utf8', env: dvcEnv(), timeout: 60_000 });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

/** No analytics (the machine has no network) and no update check. */
export function dvcEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DVC_NO_ANALYTICS: '1', DVC_ANALYTICS: 'false' };
}
