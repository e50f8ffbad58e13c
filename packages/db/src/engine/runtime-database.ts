/**
 * The handle the session-free run engine (`@agent-studio/sdk/runtime`) is given: exec sessions,
 * autocommit statements and notifications, all on this engine.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { ExecSession, SqlResult } from '../exec/exec-session.js';
import { openSession } from '../exec/open-session.js';
import { isConnectionFailure, translateError } from './translate-error.js';
import type { Engine } from './engine.js';
import { createNotificationListener, type NotificationListener, type NotificationListenerOptions } from './notification-listener.js';

/** How {@link EngineRuntimeDatabase.executeSql} runs a statement. */
export interface ExecuteSqlOptions {
  /**
   * Run it as a named prepared statement (named after its text), so each pooled connection
   * parses and plans it once: for the run engine's hot checkpoints, whose texts are a fixed
   * handful. (Not through a transaction-pooling proxy, which cannot keep prepared statements.)
   */
  readonly prepared?: boolean;
}

/** Statement names by text (a fixed handful of checkpoint statements per process). */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `agent_studio_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * What the run engine needs from a database (structurally the SDK runtime's `RuntimeDatabase`).
 *
 * @example
 * const db = createRuntimeDatabase(engine);
 * const worker = createRunWorker(db, { concurrency: 4 });
 * // ... on shutdown:
 * await worker.stop();
 * await db.close();
 */
export interface EngineRuntimeDatabase {
  openSession(): ExecSession;
  executeSql<T extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: ExecuteSqlOptions): Promise<SqlResult<T>>;
  readonly notifications: NotificationListener;
  /** True on the embedded database (it lives in this process). */
  readonly embedded: boolean;
  /** Closes the notification connection (the engine stays open). */
  close(): Promise<void>;
}

/**
 * Builds the run engine's database handle on `engine`: sessions from it, autocommit statements
 * on its pool, and one LISTEN connection (server only).
 *
 * @example
 * const db = createRuntimeDatabase(engine, { onError: (e) => log.warn({ err: e }, 'notifications') });
 */
export function createRuntimeDatabase(engine: Engine, options: NotificationListenerOptions = {}): EngineRuntimeDatabase {
  const notifications = createNotificationListener(engine, options);
  return {
    openSession: () => openSession(engine),
    async executeSql<T extends Record<string, unknown>>(text: string, values: readonly unknown[] = [], options: ExecuteSqlOptions = {}): Promise<SqlResult<T>> {
      const connection = await engine.acquire();
      let broken = false;
      try {
        const result = options.prepared
          ? await connection.query<T>({ name: statementName(text), text, values: [...values] })
          : await connection.query<T>(text, [...values]);
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      } catch (e) {
        broken = isConnectionFailure(e);
        throw translateError(e);
      } finally {
        engine.release(connection, broken);
      }
    },
    notifications,
    embedded: engine.kind === 'embedded',
    close: () => notifications.close(),
  };
}
