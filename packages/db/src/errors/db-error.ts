/**
 * The base of every error `@agent-studio/db` throws on purpose (a {@link brandedError} base).
 *
 * @module
 */
import { brandedError } from './branded-error.js';

const { ErrorBase, isBranded, guardFor } = brandedError('@agent-studio/db/error');

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
export abstract class DbError extends ErrorBase {
  abstract readonly code: DbErrorCode;
}

/** True for any error thrown on purpose by `@agent-studio/db`. */
export const isDbError = (value: unknown): value is DbError => isBranded(value);

/** @internal builds a guard for one error code. */
export { guardFor };
