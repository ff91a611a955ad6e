import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RestStore } from '../../src/core/mlflow/client/restStore';
import { trackingStoreContract } from '../contract/trackingStoreContract';
import { startMlflowServer } from './mlflowServer';

// Backend (c): our REST client against the real, pinned MLflow server on a fresh SQLite database.
trackingStoreContract('REST client to a real MLflow server', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mlops-contract-mlflow-'));
  const server = await startMlflowServer(path.join(root, 'mlflow.db'), path.join(root, 'artifacts'));
  return {
    store: new RestStore({ url: server.url }),
    cleanup: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
});
