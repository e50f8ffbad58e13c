/**
 * The exec session factories: `openSession(engine)`, `withSession(engine, fn)` and `getDb()`.
 *
 * @module
 */
import type { Engine } from '../engine/engine.js';
import { getEngine } from '../engine/default-engine.js';
import { ExecSessionImpl } from './exec-session-impl.js';
import type { ExecSession } from './exec-session.js';

/**
 * Opens an exec session on `engine`. Close it (or use `await using`).
 *
 * @example
 * await using session = openSession(engine);
 * const agent = await session.get(Agent, id);
 */
export function openSession(engine: Engine): ExecSession {
  return new ExecSessionImpl(engine) as unknown as ExecSession;
}

/**
 * Runs `fn` in a session: commits when it resolves, rolls back when it throws, always closes.
 *
 * @example
 * const agent = await withSession(engine, async (session) => {
 *   return session.add(Agent, { name: 'support', model: 'gpt-4o-mini' });
 * });
 */
export async function withSession<T>(engine: Engine, fn: (session: ExecSession) => Promise<T>): Promise<T> {
  const session = openSession(engine);
  try {
    const result = await fn(session);
    await session.commit();
    return result;
  } finally {
    await session.close();
  }
}

/**
 * An exec session on the process's default engine (from `DATABASE_URL` or the embedded
 * database) — the original system's `get_db()`. The engine starts on first use.
 *
 * @example
 * await using db = getDb();
 * const agent = await AgentsService.getAgent(db, id);
 */
export function getDb(): ExecSession {
  return new ExecSessionImpl(getEngine()) as unknown as ExecSession;
}
