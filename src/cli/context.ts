import * as path from 'node:path';
import { findPipelineConfig } from '../core/config/pipelineConfig';
import { openEmbeddedStore, type EmbeddedStore } from '../core/store/embeddedStore';
import { UsageError } from './args';

/** What every command gets: where it runs, how to print, and how to reach the store. */
export interface CliContext {
  cwd: string;
  json: boolean;
  storeOption: string | undefined;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** The `.mlops` folder: `--store DIR`, else beside the nearest mlops.yaml, else in the current folder. */
export function storeDir(ctx: CliContext): string {
  if (ctx.storeOption) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ctx.storeOption)) {
      throw new UsageError(`--store ${ctx.storeOption}: remote MLflow servers are not supported by this version; give a store folder.`);
    }
    return path.resolve(ctx.cwd, ctx.storeOption);
  }
  const config = findPipelineConfig(ctx.cwd);
  return path.join(config ? path.dirname(config) : ctx.cwd, '.mlops');
}

export async function withStore<T>(ctx: CliContext, opts: { readOnly: boolean }, fn: (store: EmbeddedStore) => Promise<T>): Promise<T> {
  const store = await openEmbeddedStore(storeDir(ctx), opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
