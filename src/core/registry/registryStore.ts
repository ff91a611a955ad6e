import type { AuditTrail } from '../store/audit';
import type { StoreEdits, TrackingStore } from '../store/types';

/** What the registry workflow writes to: any backend (embedded, our server over REST, a real MLflow server); only the embedded store has an audit table. */
export type RegistryStore = TrackingStore & StoreEdits & Partial<AuditTrail>;

/** A refusal the user can act on (an unknown alias, nothing to roll back to, a reserved tag): its message says what and why. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** The store as the registry writes to it: every backend's store has MLflow's registry edits. */
export function registryStore(store: TrackingStore): RegistryStore {
  const edits: (keyof StoreEdits)[] = ['updateRegisteredModel', 'updateModelVersion', 'deleteModelVersion'];
  if (!edits.every((name) => typeof (store as Partial<StoreEdits>)[name] === 'function')) throw new RegistryError(`${store.description} cannot edit the model registry.`);
  return store as RegistryStore;
}
