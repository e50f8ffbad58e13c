import { DbError, guardFor } from './db-error.js';

/**
 * A statement was built with arguments the type system could not catch (an unknown operator, a
 * negative limit, an unknown attribute from untyped input). Raised before any SQL is sent.
 *
 * @example
 * select(Agent).limit(-1); // InvalidQueryError: limit must be a non-negative integer, got -1
 */
export class InvalidQueryError extends DbError {
  readonly code = 'INVALID_QUERY' as const;
}

/** Type guard for {@link InvalidQueryError}. */
export const isInvalidQueryError = guardFor<InvalidQueryError>('INVALID_QUERY');
