import assert from 'node:assert/strict';
import { StoreError, type StoreEdits, type TrackingStore } from '../../src/core/store/types';

/** What a part of the contract suite gets from trackingStoreContract: the store and helpers that make fresh entities. */
export interface ContractContext {
  store(): TrackingStore & StoreEdits;
  unique(prefix: string): string;
  newExperiment(): Promise<string>;
  newRun(experimentId?: string, runName?: string): Promise<{ runId: string; experimentId: string; artifactUri: string }>;
}

export async function rejectsWithCode(promise: Promise<unknown>, code: StoreError['code']): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StoreError, `expected a StoreError ${code}, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}
