import { DbError, guardFor } from './db-error.js';

/**
 * `one()` found no row.
 *
 * @example
 * await session.exec(select(Agent).where({ name: 'missing' })).one(); // throws NoResultFound
 */
export class NoResultFound extends DbError {
  readonly code = 'NO_RESULT_FOUND' as const;
  constructor(readonly table: string) {
    super(`No row was found in "${table}" when exactly one was required`);
  }
}

/** Type guard for {@link NoResultFound}. */
export const isNoResultFound = guardFor<NoResultFound>('NO_RESULT_FOUND');
