/**
 * The {@link RuntimeDatabase} a CLI process gives the run engine: sessions from its engine and
 * a notification listener (one connection outside the pool on a server; polling on the
 * embedded database).
 *
 * @module
 */
import { createNotificationListener, type Engine } from '@agent-studio/db/engine';
import { openSession } from '@agent-studio/db/exec';
import type { RuntimeDatabase } from '@agent-studio/sdk/runtime';

/**
 * The runtime database over `engine`; close its listener before the engine.
 *
 * @example
 * const runtime = cliRuntimeDatabase(engine);
 * try { await waitForRun(runtime, runId, { timeoutMs: 5000 }); } finally { await runtime.listener.close(); }
 */
export function cliRuntimeDatabase(engine: Engine): RuntimeDatabase {
  return { openSession: () => openSession(engine), listener: createNotificationListener(engine) };
}
