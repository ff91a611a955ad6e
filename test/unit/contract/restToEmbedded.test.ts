import * as path from 'node:path';
import { RestStore } from '../../../src/core/mlflow/client/restStore';
import { startMlflowServer } from '../../../src/core/mlflow/server/httpServer';
import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { trackingStoreContract } from '../../contract/trackingStoreContract';
import { tempStoreDir } from '../../fixtures/store/tempStore';

// Backend (b): our REST client to our embedded MLflow server, over real HTTP on 127.0.0.1.
trackingStoreContract('REST client to our embedded server', async () => {
  const { dir, cleanup } = tempStoreDir('mlops-contract-rest-');
  const embedded = await openEmbeddedStore(dir);
  const server = await startMlflowServer({ store: embedded, token: embedded.token, artifactRoot: path.join(dir, 'artifacts') });
  return {
    store: new RestStore({ url: server.url, token: embedded.token }),
    cleanup: async () => {
      await server.close();
      await embedded.close();
      cleanup();
    },
  };
});
