import type { Op } from './ops';
import type { SqlRunner } from './sqlRunner';

/**
 * What the embedded store's write helpers (registryEdits.ts, loggedModels.ts) need from it: its
 * database for checks and reads, and `commit`, which applies one operation atomically, journals it
 * and resolves once it is durable (EmbeddedStore.commit).
 */
export interface StoreCore {
  readonly sql: SqlRunner;
  commit(op: Op): Promise<void>;
}
