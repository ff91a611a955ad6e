import { openEmbeddedStore } from '../../../src/core/store/embeddedStore';
import { trackingStoreContract } from '../../contract/trackingStoreContract';
import { tempStoreDir } from '../../fixtures/store/tempStore';

// Backend (a): the embedded sql.js store, in process.
trackingStoreContract('embedded store', async () => {
  const { dir, cleanup } = tempStoreDir('mlops-contract-');
  const store = await openEmbeddedStore(dir);
  return {
    store,
    cleanup: async () => {
      await store.close();
      cleanup();
    },
  };
});
