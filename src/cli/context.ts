import { statSync } from 'node:fs';
import * as path from 'node:path';
import { findPipelineConfig } from '../core/config/pipelineConfig';
import { ownerServer } from '../core/mlflow/client/ownerServer';
import { RestStore } from '../core/mlflow/client/restStore';
import { isMlrunsTree, isWorkbenchStore, openMlflowData } from '../core/mlflowData/openMlflowData';
import { openEmbeddedStore } from '../core/store/embeddedStore';
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

/**
 * `--store PATH` naming existing MLflow data rather than a store folder: a file (an mlflow.db), a
 * folder that is or holds an mlruns/ tree or an mlflow.db and is not a workbench store, or a
 * missing `*.db` (so a typo is reported, not read as an empty new store).
 */
export function mlflowDataPath(ctx: CliContext): string | undefined {
  if (!ctx.storeOption || storeUrl(ctx)) return undefined;
  const full = path.resolve(ctx.cwd, ctx.storeOption);
  const stat = statOf(full);
  if (!stat) return /\.(db|sqlite3?)$/i.test(full) ? full : undefined;
  if (!stat.isDirectory()) return full;
  if (isWorkbenchStore(full)) return undefined;
  const holds = (name: string, dir: boolean) => statOf(path.join(full, name))?.[dir ? 'isDirectory' : 'isFile']() === true;
  return isMlrunsTree(full) || holds('mlflow.db', false) || holds('mlruns', true) ? full : undefined;
}

/** The `.mlops` folder: `--store DIR`, else beside the nearest mlops.yaml, else in the current folder. */
export function storeDir(ctx: CliContext): string {
  if (storeUrl(ctx)) {
    throw new UsageError(`--store ${ctx.storeOption!.replace(/\/\/[^/@]*@/, '//')}: this command works on a store folder only; \`mlops runs\` and \`mlops models\` also read from an MLflow server.`);
  }
  if (mlflowDataPath(ctx)) throw readOnlyData(ctx);
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
 * (StoreOwnedError) and is read from a snapshot. Existing MLflow data (an mlflow.db, an mlruns/
 * tree) opens read-only, copied into memory; commands that write get a usage error.
 */
export async function withStore<T>(ctx: CliContext, opts: { readOnly: boolean; /** The command also writes to an MLflow server (`mlops models promote`). */ remoteWrites?: boolean }, fn: (store: TrackingStore) => Promise<T>): Promise<T> {
  const url = storeUrl(ctx);
  if (url && !opts.readOnly && !opts.remoteWrites) {
    throw new UsageError(`--store ${url.replace(/\/\/[^/@]*@/, '//')}: this command writes to the embedded store and cannot use a remote MLflow server in this version; \`mlops runs\` and \`mlops models\` read from one.`);
  }
  const data = mlflowDataPath(ctx);
  if (data && !opts.readOnly) throw readOnlyData(ctx);
  const env = process.env;
  const store: TrackingStore = url
    ? new RestStore({ url, token: env.MLFLOW_TRACKING_TOKEN || undefined, username: env.MLFLOW_TRACKING_USERNAME || undefined, password: env.MLFLOW_TRACKING_PASSWORD || undefined })
    : data
      ? await openMlflowData(data)
      : (ownerServer(storeDir(ctx)) ?? (await openEmbeddedStore(storeDir(ctx), opts)));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}


function readOnlyData(ctx: CliContext): UsageError {
  return new UsageError(
    `--store ${ctx.storeOption}: existing MLflow data (an mlflow.db, an mlruns/ tree) opens read-only; \`mlops runs\` and \`mlops models\` read it. This command needs a store folder (.mlops).`,
  );
}

function statOf(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
