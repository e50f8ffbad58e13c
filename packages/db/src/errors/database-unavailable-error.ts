import { DbError, guardFor } from './db-error.js';

/**
 * The database could not be reached (refused, unknown host, closed engine, lost connection).
 *
 * @example
 * if (isDatabaseUnavailableError(e)) res.status(503);
 */
export class DatabaseUnavailableError extends DbError {
  readonly code = 'DATABASE_UNAVAILABLE' as const;
}

/** Type guard for {@link DatabaseUnavailableError}. */
export const isDatabaseUnavailableError = guardFor<DatabaseUnavailableError>('DATABASE_UNAVAILABLE');
