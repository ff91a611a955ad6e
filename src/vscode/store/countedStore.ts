import type { TrackingStore } from '../../core/store/types';

/**
 * A snapshot that knows how many of its calls are still running, so the session closes a replaced
 * snapshot only once its readers are done. sql.js answers a query on a closed database with
 * "out of memory", which is what a tree read racing a reload used to show.
 */
export interface CountedStore {
  readonly store: TrackingStore;
  /** Resolves once no call is running; later calls still work until the store is closed. */
  idle(): Promise<void>;
}

export function countCalls(target: TrackingStore): CountedStore {
  let running = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    running--;
    if (running === 0) {
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  };
  const store = new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof value !== 'function' || key === 'close') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(object, args);
        if (!(result instanceof Promise)) return result;
        running++;
        return result.finally(settle);
      };
    },
  });
  return {
    store,
    idle: () => (running === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}
