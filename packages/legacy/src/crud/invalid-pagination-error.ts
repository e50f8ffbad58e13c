/**
 * The typed error of this package's paging arguments.
 *
 * @module
 */

const LEGACY_ERROR = Symbol.for('@agent-studio/legacy/error');

/**
 * `skip` or `limit` given to a CRUD list function is not a non-negative integer. Raised before
 * any SQL is sent. `code` is stable; check with {@link isInvalidPaginationError} (works across
 * the ESM and CJS builds, unlike `instanceof`).
 *
 * @example
 * try {
 *   await getMcpServers(db, -1, 10);
 * } catch (e) {
 *   if (isInvalidPaginationError(e)) console.log(e.parameter, e.value); // 'skip', -1
 * }
 */
export class InvalidPaginationError extends Error {
  readonly code = 'INVALID_PAGINATION' as const;
  readonly [LEGACY_ERROR] = true;
  constructor(
    /** The offending argument: `'skip'` or `'limit'`. */
    readonly parameter: 'skip' | 'limit',
    /** The value that was given. */
    readonly value: unknown,
  ) {
    super(`${parameter} must be a non-negative integer, got ${JSON.stringify(String(value)).slice(0, 40)}`);
    this.name = 'InvalidPaginationError';
  }
}

/**
 * Type guard for {@link InvalidPaginationError}.
 *
 * @example
 * const error = await getAgents(db, 0, 1.5).catch((e: unknown) => e);
 * isInvalidPaginationError(error); // true
 */
export function isInvalidPaginationError(value: unknown): value is InvalidPaginationError {
  return (
    value instanceof Error &&
    (value as unknown as Record<symbol, unknown>)[LEGACY_ERROR] === true &&
    (value as { code?: unknown }).code === 'INVALID_PAGINATION'
  );
}
