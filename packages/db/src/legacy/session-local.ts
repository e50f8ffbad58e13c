/**
 * The legacy session factory.
 * @module
 */
import type { Engine } from '../engine/engine.js';
import { getEngine } from '../engine/default-engine.js';
import { LegacySessionImpl } from './legacy-session-impl.js';
import type { LegacySession } from './legacy-session.js';

/**
 * Opens a legacy query session — the original system's `SessionLocal()`. Uses the default
 * engine unless one is given. Close it in `finally` (or use `await using`).
 *
 * @deprecated Phase 1 of the session migration: new code uses the exec session
 * (`openSession(engine)` / `getDb()` from `@agent-studio/db/exec`), which SDK services require.
 * `pnpm studio sessions report` lists every module still calling this.
 * @example
 * const db = SessionLocal(engine);
 * try {
 *   const servers = await db.query(McpServer).offset(0).limit(1000).all();
 * } finally {
 *   await db.close();
 * }
 */
export function SessionLocal(engine?: Engine): LegacySession {
  return new LegacySessionImpl(engine ?? getEngine()) as unknown as LegacySession;
}
