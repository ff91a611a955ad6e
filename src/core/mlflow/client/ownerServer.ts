import { hostname } from 'node:os';
import * as path from 'node:path';
import { STORE_FILES } from '../../store/embeddedStore';
import { isAlive, readLock } from '../../store/lock';
import { RestStore } from './restStore';

/** Where a store's live owner serves MLflow's REST API, with the token its lock file holds. */
export interface OwnerAddress {
  url: string;
  token: string;
}

/** The store folder's live owner's server, when its lock names one on this machine. */
export function ownerAddress(storeDir: string): OwnerAddress | undefined {
  const owner = readLock(path.join(storeDir, STORE_FILES.lock));
  if (!owner || owner.port === null || owner.host !== hostname() || !isAlive(owner)) return undefined;
  return { url: `http://127.0.0.1:${owner.port}`, token: owner.token };
}

/** A client of the store's live owner, when there is one; every write then goes through it. */
export function ownerServer(storeDir: string, opts: { timeoutMs?: number } = {}): RestStore | undefined {
  const address = ownerAddress(storeDir);
  return address && new RestStore({ ...address, ...opts });
}
