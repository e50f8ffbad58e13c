import { DbError, guardFor } from './db-error.js';

/**
 * No pooled connection became free within the acquire timeout. On the embedded database (pool of
 * one) this is also what a second session waiting on a first one's open transaction sees.
 *
 * @example
 * if (isPoolTimeoutError(e)) res.status(503);
 */
export class PoolTimeoutError extends DbError {
  readonly code = 'POOL_TIMEOUT' as const;
  constructor(
    readonly timeoutMs: number,
    readonly poolMax: number,
    options?: ErrorOptions,
  ) {
    super(
      `No database connection became free within ${timeoutMs} ms (pool size ${poolMax}). ` +
        'Every connection is held by an open session: close sessions promptly, or raise DB_POOL_MAX / DB_ACQUIRE_TIMEOUT_MS.',
      options,
    );
  }
}

/** Type guard for {@link PoolTimeoutError}. */
export const isPoolTimeoutError = guardFor<PoolTimeoutError>('POOL_TIMEOUT');
