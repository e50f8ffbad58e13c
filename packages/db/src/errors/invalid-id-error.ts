import { DbError, guardFor } from './db-error.js';

/**
 * A value given for a UUID column is not a UUID. Raised before any SQL is sent.
 *
 * @example
 * await session.get(Agent, 'not-a-uuid'); // InvalidIdError: agents.id must be a UUID, got "not-a-uuid"
 */
export class InvalidIdError extends DbError {
  readonly code = 'INVALID_ID' as const;
  constructor(
    readonly table: string,
    readonly attribute: string,
    readonly value: unknown,
  ) {
    super(`${table}.${attribute} must be a UUID, got ${JSON.stringify(String(value)).slice(0, 80)}`);
  }
}

/** Type guard for {@link InvalidIdError}. */
export const isInvalidIdError = guardFor<InvalidIdError>('INVALID_ID');
