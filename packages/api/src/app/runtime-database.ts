/**
 * The API process's {@link RuntimeDatabase}: sessions from the app's engine and one
 * notification listener, which connects (one connection outside the pool) only when a run is
 * first waited for or watched, and only on a server (the embedded database polls).
 *
 * @module
 */
import { createNotificationListener, type Engine } from '@agent-studio/db/engine';
import { openSession } from '@agent-studio/db/exec';
import type { RuntimeDatabase } from '@agent-studio/sdk/runtime';
import type { Logger } from 'pino';

/** A {@link RuntimeDatabase} that owns its listener: close it before the engine. */
export interface ClosableRuntimeDatabase extends RuntimeDatabase {
  /** Ends the listener's connection (idempotent); the engine stays open. */
  close(): Promise<void>;
}

/**
 * The runtime database over `engine`.
 *
 * @example
 * const runtime = createRuntimeDatabase(engine);
 * const app = createApp({ engine, config, runtime });
 * // on shutdown: await runtime.close(); await engine.close();
 */
export function createRuntimeDatabase(engine: Engine, logger?: Logger): ClosableRuntimeDatabase {
  const listener = createNotificationListener(engine, {
    onError: (error) => logger?.warn({ err: error.message }, 'run notifications: connection lost, reconnecting'),
  });
  return { openSession: () => openSession(engine), listener, close: () => listener.close() };
}
