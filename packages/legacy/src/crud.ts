/**
 * `@agent-studio/legacy/crud` — the original system's query-style CRUD functions, each taking a
 * `LegacySession` (from `SessionLocal()`) first. Phase-1 legacy code: new code uses the SDK's
 * services on an exec session.
 *
 * @example
 * import { SessionLocal } from '@agent-studio/db/legacy';
 * import { pruneHealthChecks } from '@agent-studio/legacy/crud';
 * const db = SessionLocal(engine);
 * try {
 *   const removed = await pruneHealthChecks(db, new Date(Date.now() - 7 * 86_400_000));
 * } finally {
 *   await db.close();
 * }
 *
 * @module
 */
export { recordHealthCheck } from './crud/record-health-check.js';
export type { RecordedHealthCheck } from './crud/recorded-health-check.js';
export { pruneHealthChecks } from './crud/prune-health-checks.js';
export { findOrCreateByName } from './crud/find-or-create-by-name.js';
