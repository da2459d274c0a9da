// Errors of the dataset cache, phrased for people: the panel shows `message` as is.

/** The browser refused a write for lack of space. What was cached before is untouched. */
export class CacheFullError extends Error {
  override name = 'CacheFullError';
  constructor(what: string, cause: unknown) {
    super(
      `The browser's storage is full: ${what} could not be cached. The import stopped and what was cached before is unchanged; ` +
        'free space (delete cached datasets or old runs, or allow this site more storage) and try again.',
      { cause },
    );
  }
}

/** A consumer asked for a dataset that has no complete copy in the cache. */
export class DatasetNotCachedError extends Error {
  override name = 'DatasetNotCachedError';
  constructor(readonly datasetId: string) {
    super(`${datasetId} is not in this browser's dataset cache yet: download or import it first.`);
  }
}

/** Stored bytes that do not match their manifest (a chunk missing, cut short or altered). */
export class CacheCorruptError extends Error {
  override name = 'CacheCorruptError';
  constructor(message: string) {
    super(message);
  }
}

export function isQuotaError(err: unknown): boolean {
  if (err instanceof CacheFullError) return true;
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  const message = err instanceof Error || err instanceof DOMException ? err.message : String(err);
  return name === 'QuotaExceededError' || /quota/i.test(message);
}

/** Rethrows quota failures as CacheFullError naming `what`; anything else as it is. */
export function asCacheError(err: unknown, what: string): unknown {
  return isQuotaError(err) && !(err instanceof CacheFullError) ? new CacheFullError(what, err) : err;
}
