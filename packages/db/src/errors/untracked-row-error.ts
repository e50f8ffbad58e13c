import { DbError, guardFor } from './db-error.js';

/**
 * A row object was handed to a session that did not load or create it. Sessions do not share
 * rows: load it in this session (`session.get(Model, id)`) instead.
 *
 * @example
 * other.add(rowFromFirstSession); // UntrackedRowError
 */
export class UntrackedRowError extends DbError {
  readonly code = 'UNTRACKED_ROW' as const;
  constructor(method: string) {
    super(
      `${method}() was given a row this session did not load or create; sessions never share rows — load it here with get(Model, id)`,
    );
  }
}

/** Type guard for {@link UntrackedRowError}. */
export const isUntrackedRowError = guardFor<UntrackedRowError>('UNTRACKED_ROW');
