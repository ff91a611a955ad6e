import { hostname } from 'node:os';
import * as path from 'node:path';
import { findPipelineConfig } from '../core/config/pipelineConfig';
import { RestStore } from '../core/mlflow/client/restStore';
import { openEmbeddedStore, STORE_FILES } from '../core/store/embeddedStore';
import { isAlive, readLock } from '../core/store/lock';
import type { TrackingStore } from '../core/store/types';
import { UsageError } from './args';

/** What every command gets: where it runs, how to print, and how to reach the store. */
export interface CliContext {
  cwd: string;
  json: boolean;
  storeOption: string | undefined;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** `--store http(s)://...`: a remote MLflow Tracking Server rather than a store folder. */
export function storeUrl(ctx: CliContext): string | undefined {
  if (!ctx.storeOption || !/^[a-z][a-z0-9+.-]*:\/\//i.test(ctx.storeOption)) return undefined;
  if (!/^https?:\/\//i.test(ctx.storeOption)) throw new UsageError(`--store ${ctx.storeOption}: give a store folder or an http(s):// MLflow server URL.`);
  return ctx.storeOption;
}

/** The `.mlops` folder: `--store DIR`, else beside the nearest mlops.yaml, else in the current folder. */
export function storeDir(ctx: CliContext): string {
  if (storeUrl(ctx)) {
    throw new UsageError(`--store ${ctx.storeOption!.replace(/\/\/[^/@]*@/, '//')}: this command works on a store folder only; \`mlops runs\` and \`mlops models\` also read from an MLflow server.`);
  }
  if (ctx.storeOption) return path.resolve(ctx.cwd, ctx.storeOption);
  const config = findPipelineConfig(ctx.cwd);
  return path.join(config ? path.dirname(config) : ctx.cwd, '.mlops');
}

/**
 * Opens the store for one command. A URL opens the remote MLflow server with MLflow's own
 * environment variables for credentials (MLFLOW_TRACKING_TOKEN, else MLFLOW_TRACKING_USERNAME and
 * MLFLOW_TRACKING_PASSWORD), for reading only: commands that write (`mlops run`) need the store folder.
 * A store folder whose live owner serves it (`mlops serve`, an editor window) is reached through
 * that owner's server; one owned by a process without a server fails to open for writing
 * (StoreOwnedError) and is read from a snapshot.
 */
export async function withStore<T>(ctx: CliContext, opts: { readOnly: boolean }, fn: (store: TrackingStore) => Promise<T>): Promise<T> {
  const url = storeUrl(ctx);
  if (url && !opts.readOnly) {
    throw new UsageError(`--store ${url.replace(/\/\/[^/@]*@/, '//')}: this command writes to the embedded store and cannot use a remote MLflow server in this version; \`mlops runs\` and \`mlops models\` read from one.`);
  }
  const env = process.env;
  const store: TrackingStore = url
    ? new RestStore({ url, token: env.MLFLOW_TRACKING_TOKEN || undefined, username: env.MLFLOW_TRACKING_USERNAME || undefined, password: env.MLFLOW_TRACKING_PASSWORD || undefined })
    : (ownerServer(storeDir(ctx)) ?? (await openEmbeddedStore(storeDir(ctx), opts)));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The store's live owner's REST server, when the lock names one on this machine. */
function ownerServer(dir: string): RestStore | undefined {
  const owner = readLock(path.join(dir, STORE_FILES.lock));
  if (!owner || owner.port === null || owner.host !== hostname() || !isAlive(owner)) return undefined;
  return new RestStore({ url: `http://127.0.0.1:${owner.port}`, token: owner.token });
}
