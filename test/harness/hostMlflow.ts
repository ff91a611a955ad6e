// The real MLflow server (the pinned version, from scripts/install-test-deps.sh's venv) that the
// in-host suite connects to. The runner starts it and owns its lifetime; the suite, inside the
// extension host, learns its URL from the environment. When it cannot start (no venv), the suite
// learns why instead, and its tests fail with that message: this tier never skips.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startMlflowServer } from '../interop/mlflowServer';

/** Read by test/host/suite/backends.test.ts. */
export const mlflowUrlVariable = 'MLOPS_TEST_MLFLOW_URL';
export const mlflowProblemVariable = 'MLOPS_TEST_MLFLOW_PROBLEM';

export interface HostMlflow {
  /** For the extension host's environment. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startHostMlflow(workRoot: string): Promise<HostMlflow> {
  const dir = join(workRoot, 'mlflow-server');
  mkdirSync(join(dir, 'artifacts'), { recursive: true });
  try {
    const server = await startMlflowServer(join(dir, 'mlflow.db'), join(dir, 'artifacts'));
    return { env: { [mlflowUrlVariable]: server.url }, stop: () => server.stop() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`the real MLflow server for the in-host suite did not start: ${message}`);
    return { env: { [mlflowProblemVariable]: message }, stop: async () => undefined };
  }
}
