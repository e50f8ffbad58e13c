/**
 * What the session-free runtime needs from the database: a way to open its own exec sessions,
 * a way to run one autocommit statement (the queue library's own polling and bookkeeping), and
 * notifications between processes. The API and the CLI build it from their engine with
 * `createRuntimeDatabase(engine)` from `@agent-studio/db/engine`.
 *
 * @module
 */
import type { ExecSession, SqlResult } from '@agent-studio/db/exec';

/**
 * PostgreSQL notifications (LISTEN/NOTIFY). `supported` is false on the embedded database, where
 * the runtime polls instead.
 */
export interface RuntimeNotifications {
  readonly supported: boolean;
  subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * The runtime's handle on the database. It never holds a connection while a step runs: every
 * checkpoint is one short exec session.
 *
 * @example
 * const db: RuntimeDatabase = createRuntimeDatabase(engine); // from @agent-studio/db/engine
 * const worker = createRunWorker(db, { concurrency: 4 });
 */
export interface RuntimeDatabase {
  /** Opens an exec session (the caller closes it). */
  openSession(): ExecSession;
  /**
   * Runs one statement in autocommit mode on a pooled connection; `{ prepared: true }` for the hot
   * checkpoint statements (parsed and planned once per connection).
   */
  executeSql<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
    options?: { readonly prepared?: boolean },
  ): Promise<SqlResult<T>>;
  readonly notifications: RuntimeNotifications;
  /**
   * True for the embedded database, which lives in the worker's own process: a crash of the
   * process is a crash of the database, so checkpoints there always wait for the WAL flush.
   */
  readonly embedded: boolean;
}

/**
 * Runs `fn` in a fresh session of `db`: commits when it resolves, rolls back when it throws,
 * always closes.
 *
 * @example
 * const run = await inSession(db, (s) => s.get(Run, runId));
 */
export async function inSession<T>(db: RuntimeDatabase, fn: (session: ExecSession) => Promise<T>): Promise<T> {
  const session = db.openSession();
  try {
    const result = await fn(session);
    await session.commit();
    return result;
  } finally {
    await session.close();
  }
}
