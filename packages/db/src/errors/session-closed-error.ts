import { DbError, guardFor } from './db-error.js';

/**
 * A closed session was used. The message names the session kind and the method called.
 *
 * @example
 * await session.close();
 * await session.get(Agent, id); // SessionClosedError: ExecSession.get() was called after close()
 */
export class SessionClosedError extends DbError {
  readonly code = 'SESSION_CLOSED' as const;
  constructor(
    readonly sessionKind: 'ExecSession' | 'LegacySession',
    readonly method: string,
  ) {
    super(`${sessionKind}.${method}() was called after close(); open a new session instead`);
  }
}

/** Type guard for {@link SessionClosedError}. */
export const isSessionClosedError = guardFor<SessionClosedError>('SESSION_CLOSED');
