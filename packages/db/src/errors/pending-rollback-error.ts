import { DbError, guardFor } from './db-error.js';

/**
 * A flush failed earlier in this transaction; the session must be rolled back (or closed) before
 * it is used again. `cause` is the original failure.
 *
 * @example
 * try { await session.flush(); } catch { await session.rollback(); }
 */
export class PendingRollbackError extends DbError {
  readonly code = 'PENDING_ROLLBACK' as const;
  constructor(method: string, cause: unknown) {
    super(
      `${method}() was called on a session whose transaction failed; call rollback() first (original error: ${
        cause instanceof Error ? cause.message : String(cause)
      })`,
      { cause },
    );
  }
}

/** Type guard for {@link PendingRollbackError}. */
export const isPendingRollbackError = guardFor<PendingRollbackError>('PENDING_ROLLBACK');
