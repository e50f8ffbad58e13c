import { DbError, guardFor } from './db-error.js';

/**
 * An update or delete matched no row: someone else changed (bumped its `version`) or deleted the
 * row since this session loaded it. Optimistic concurrency's conflict signal.
 *
 * @example
 * if (isStaleDataError(e)) throw new ConflictError('the agent changed since you loaded it');
 */
export class StaleDataError extends DbError {
  readonly code = 'STALE_DATA' as const;
  constructor(
    readonly table: string,
    readonly id: unknown,
  ) {
    super(`The row ${String(id)} in "${table}" was changed or deleted by someone else since it was loaded`);
  }
}

/** Type guard for {@link StaleDataError}. */
export const isStaleDataError = guardFor<StaleDataError>('STALE_DATA');
