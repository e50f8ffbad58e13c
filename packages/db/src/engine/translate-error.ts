/**
 * Turns driver and pool failures into this package's typed errors, in one place for both
 * session kinds.
 *
 * @module
 */
import { DatabaseUnavailableError } from '../errors/database-unavailable-error.js';
import { isDbError } from '../errors/db-error.js';
import { QueryError } from '../errors/query-error.js';

interface PgLikeError {
  code?: string;
  constraint?: string;
  table?: string;
  detail?: string;
  message?: string;
  name?: string;
  original?: unknown;
  parent?: unknown;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/**
 * True when the error means the connection itself is unusable (so it must not go back to the
 * pool) — including pg's client-side `query_timeout` ("Query read timeout"): the server may still
 * be running that query, so the connection is discarded and the caller told the database is
 * unavailable.
 */
export function isConnectionFailure(error: unknown): boolean {
  const e = (error ?? {}) as PgLikeError;
  if (e.code && (CONNECTION_CODES.has(e.code) || e.code.startsWith('08') || e.code === '57P01' || e.code === '57P03')) {
    return true;
  }
  const message = e.message ?? '';
  return /Connection terminated|Client has encountered a connection error|not queryable|connection is closed|Query read timeout/i.test(message);
}

/**
 * Maps an error from `pg` (or one Sequelize wrapped around it) to a typed error. Errors that are
 * already ours pass through unchanged.
 */
export function translateError(error: unknown): Error {
  if (isDbError(error)) return error;
  let e = (error ?? {}) as PgLikeError;
  // Sequelize wraps driver errors in `original` / `parent`.
  const inner = (e.original ?? e.parent) as PgLikeError | undefined;
  if (inner && typeof inner === 'object') e = inner;
  if (isConnectionFailure(e)) {
    return new DatabaseUnavailableError(`The database is unavailable: ${e.message ?? String(error)}`, {
      cause: error,
    });
  }
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
    return new QueryError(e.message ?? 'Query failed', e.code, e.constraint, e.table, e.detail, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
