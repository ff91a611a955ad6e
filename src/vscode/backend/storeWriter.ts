// Writes from the editor (promote, delete a run, edit a tag...). The views read snapshots: the
// embedded store is opened read-only so that `mlops run` in a terminal keeps the writer lock. A
// write goes to whoever may write:
//   - embedded store: its live owner's REST server when the lock names one (`mlops run`, `mlops
//     serve`), with the lock's token; else the store opened writable for this write only (taking
//     the lock, released when the write is done). An owner without a server is named in the error.
//   - remote MLflow server: the backend's own RestStore.
//   - existing MLflow data: refused, it is read only.
// Writes run one at a time; after each, the active backend reads again so the views show it.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ownerServer } from '../../core/mlflow/client/ownerServer';
import { RestStore } from '../../core/mlflow/client/restStore';
import type { AuditTrail } from '../../core/store/audit';
import { openEmbeddedStore } from '../../core/store/embeddedStore';
import { StoreOwnedError } from '../../core/store/errors';
import type { StoreEdits, TrackingStore } from '../../core/store/types';
import { locateStore } from '../store/storeLocation';
import { storeDataFiles } from '../store/storeSession';
import type { ActiveBackend } from './activeBackend';

/** A store that takes writes: every backend's has MLflow's edits; only the embedded store has the audit table. */
export type WritableStore = TrackingStore & StoreEdits & Partial<AuditTrail>;

/** A write that cannot go anywhere; its message tells the user why and what to do. */
export class StoreWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

/** A live owner's REST server answers within this time; a write is small. */
const ownerTimeoutMs = 30_000;

export class StoreWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly backend: ActiveBackend,
    private readonly locate: () => Promise<string | undefined> = locateStore,
  ) {}

  /** Runs `write` against a writable store of the active backend, then refreshes the views. */
  write<T>(write: (store: WritableStore) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => this.writeNow(write));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async writeNow<T>(write: (store: WritableStore) => Promise<T>): Promise<T> {
    const backend = this.backend.current;
    try {
      switch (backend.kind) {
        case 'remote':
          if (!(backend.store instanceof RestStore)) throw new StoreWriteError('The MLflow server is not connected.');
          return await write(backend.store);
        case 'mlflowData':
          throw new StoreWriteError(`${backend.label.text.replace(/^\$\([\w-]+\) /, '')} is existing MLflow data, opened read only: the workbench never writes to it. Use the embedded store or an MLflow server to change the registry.`);
        case 'embedded':
          return await this.writeEmbedded(write);
      }
    } finally {
      await this.backend.refresh();
    }
  }

  private async writeEmbedded<T>(write: (store: WritableStore) => Promise<T>): Promise<T> {
    const dir = await this.locate();
    if (dir === undefined) throw new StoreWriteError('This workspace has no mlops.yaml and the setting mlops.store is empty: there is no store to write to.');
    if (!storeDataFiles.some((file) => existsSync(path.join(dir, file)))) throw new StoreWriteError(`No store at ${dir} yet: run the pipeline first (mlops run).`);
    const owner = ownerServer(dir, { timeoutMs: ownerTimeoutMs });
    if (owner) return this.writeThrough(owner, write);
    let store;
    try {
      store = await openEmbeddedStore(dir, { readOnly: false });
    } catch (err) {
      if (err instanceof StoreOwnedError && err.owner.port !== null) return this.writeThrough(ownerServer(dir, { timeoutMs: ownerTimeoutMs }) ?? fail(err), write);
      if (err instanceof StoreOwnedError) throw new StoreWriteError(`The store is busy: process ${err.owner.pid} is writing to it (lock ${err.lockFile}). Try again when it has finished.`);
      throw err;
    }
    try {
      return await write(store);
    } finally {
      await store.close();
    }
  }

  private async writeThrough<T>(owner: RestStore, write: (store: WritableStore) => Promise<T>): Promise<T> {
    try {
      return await write(owner);
    } finally {
      await owner.close();
    }
  }
}


function fail(err: Error): never {
  throw err;
}
