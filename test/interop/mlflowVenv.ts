import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import mlflowVersion from '../../src/core/store/mlflowVersion.json';

// The pinned MLflow the interop tier checks against: a venv that scripts/install-test-deps.sh
// (run by .ci/run) fills. Missing is a failure, never a skip: this tier is the proof that MLflow
// reads our files.

export interface MlflowVenv {
  mlflow: string;
  python: string;
}

export function mlflowVenv(): MlflowVenv {
  const cache = process.env.MLOPS_CI_CACHE ?? path.join(homedir(), '.cache', 'mlops-ci');
  const dir = path.join(cache, 'mlflow-venv');
  const venv = { mlflow: path.join(dir, 'bin', 'mlflow'), python: path.join(dir, 'bin', 'python') };
  const missing = Object.values(venv).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The interop tier needs MLflow ${mlflowVersion.mlflow} in ${dir}, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing. ` +
        'Install it with scripts/install-test-deps.sh (.ci/run does; MLOPS_CI_CACHE picks another cache).',
    );
  }
  return venv;
}

/**
 * The environment MLflow runs in here: no telemetry (the machine has no network), no job runner
 * (it forks a dozen huey workers we do not need), and no MLFLOW_* variables leaking in from the
 * caller (a stray MLFLOW_TRACKING_URI would point the Python client elsewhere).
 */
export function mlflowEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('MLFLOW_')) env[key] = value;
  return { ...env, MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true', MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false', PYTHONUNBUFFERED: '1' };
}
