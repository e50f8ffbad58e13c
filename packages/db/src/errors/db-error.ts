/**
 * The base of every error `@agent-studio/db` throws on purpose.
 *
 * Type guards check a global symbol and the stable `code`, not `instanceof`, so they work across
 * the ESM and CJS builds and across duplicated installs.
 *
 * @module
 */

const DB_ERROR = Symbol.for('@agent-studio/db/error');

/** Stable machine-readable codes of the errors this package throws. */
export type DbErrorCode =
  | 'CONFIG_INVALID'
  | 'SESSION_CLOSED'
  | 'NO_RESULT_FOUND'
  | 'MULTIPLE_RESULTS_FOUND'
  | 'INVALID_ID'
  | 'INVALID_QUERY'
  | 'POOL_TIMEOUT'
  | 'DATABASE_UNAVAILABLE'
  | 'QUERY_FAILED'
  | 'STALE_DATA'
  | 'PENDING_ROLLBACK'
  | 'UNTRACKED_ROW'
  | 'SECRET_UNREADABLE';

/**
 * Base class: every error has a stable `code`.
 *
 * @example
 * try { await session.commit(); } catch (e) { if (isDbError(e)) console.log(e.code); }
 */
export abstract class DbError extends Error {
  abstract readonly code: DbErrorCode;
  readonly [DB_ERROR] = true;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** True for any error thrown on purpose by `@agent-studio/db`. */
export function isDbError(value: unknown): value is DbError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[DB_ERROR] === true;
}

/** @internal builds a guard for one error code. */
export function guardFor<T extends DbError>(code: T['code']): (value: unknown) => value is T {
  return (value: unknown): value is T => isDbError(value) && value.code === code;
}
