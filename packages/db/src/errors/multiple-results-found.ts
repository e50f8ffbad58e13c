import { DbError, guardFor } from './db-error.js';

/**
 * `one()` or `oneOrNone()` found more than one row.
 *
 * @example
 * await session.exec(select(Agent)).one(); // throws MultipleResultsFound when there are two agents
 */
export class MultipleResultsFound extends DbError {
  readonly code = 'MULTIPLE_RESULTS_FOUND' as const;
  constructor(readonly table: string) {
    super(`Multiple rows were found in "${table}" when at most one was required`);
  }
}

/** Type guard for {@link MultipleResultsFound}. */
export const isMultipleResultsFound = guardFor<MultipleResultsFound>('MULTIPLE_RESULTS_FOUND');
