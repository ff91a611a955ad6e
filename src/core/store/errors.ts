/** The store's file is damaged. Nothing was changed on disk; `backup` is a copy kept for recovery. */
export class StoreCorruptError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    readonly backup?: string,
  ) {
    super(
      `${file} is damaged: ${reason}. Nothing was overwritten` +
        (backup ? `; a copy is kept at ${backup}` : '') +
        '. See docs/store.md, "Recovering a damaged store".',
    );
    this.name = 'StoreCorruptError';
  }
}

/** Another live process owns the store; talk to it (or wait for it to exit) instead. */
export class StoreOwnedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly owner: { pid: number; port: number | null },
  ) {
    super(`The store is owned by PID ${owner.pid} (lock file ${lockFile}). Close that process or wait for it to finish.`);
    this.name = 'StoreOwnedError';
  }
}

/** The database file changed on disk since this process loaded it; refusing to overwrite it. */
export class StoreChangedOnDiskError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed on disk since it was loaded; refusing to overwrite it. Your changes are safe in the journal; reopen the store to merge them.`);
    this.name = 'StoreChangedOnDiskError';
  }
}
