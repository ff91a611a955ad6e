import * as path from 'node:path';
import { startMlflowServer } from '../mlflow/server/httpServer';
import { STORE_FILES, type EmbeddedStore } from '../store/embeddedStore';
import type { TrackingEnv } from './stageProcess';

/**
 * Serves the embedded store's MLflow REST API for the length of a pipeline run, so stages' mlflow
 * code logs into their runs, and records the port in the lock so other processes (the editor, a
 * second `mlops`) reach the store through it meanwhile. The caller must own the store.
 */
export async function serveStoreForRun(store: EmbeddedStore): Promise<{ tracking: TrackingEnv; close: () => Promise<void> }> {
  const server = await startMlflowServer({ store, token: store.token, artifactRoot: path.join(store.dir, STORE_FILES.artifacts), port: 0 });
  store.recordServerPort(server.port);
  return { tracking: { uri: server.url, token: store.token }, close: () => server.close() };
}
