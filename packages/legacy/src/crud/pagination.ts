/**
 * Validation of the `skip` / `limit` pair every CRUD list function takes.
 *
 * @module
 */
import { InvalidPaginationError } from './invalid-pagination-error.js';

/**
 * The largest page a CRUD list function returns; a larger `limit` is capped to it (the original
 * callers ask for `limit=1000` to mean "everything").
 *
 * @example
 * await getMcpServers(db, 0, 5_000); // returns at most MAX_PAGE_LIMIT rows
 */
export const MAX_PAGE_LIMIT = 1_000;

/**
 * Checks `skip` and `limit` and caps `limit` at {@link MAX_PAGE_LIMIT}.
 *
 * @throws {InvalidPaginationError} when either is negative, fractional, NaN or not a number.
 * @example
 * const { skip, limit } = checkPagination(0, 5_000); // { skip: 0, limit: 1000 }
 */
export function checkPagination(skip: number, limit: number): { skip: number; limit: number } {
  if (typeof skip !== 'number' || !Number.isSafeInteger(skip) || skip < 0) throw new InvalidPaginationError('skip', skip);
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) throw new InvalidPaginationError('limit', limit);
  return { skip, limit: Math.min(limit, MAX_PAGE_LIMIT) };
}
