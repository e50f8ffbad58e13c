/**
 * `@agent-studio/db/legacy` — the legacy query session (SQLAlchemy style) for older code:
 * `SessionLocal().query(McpServer).offset(skip).limit(n).all()`.
 *
 * @deprecated Phase 1 of the session migration; new code uses `@agent-studio/db/exec`.
 * @example
 * import { SessionLocal } from '@agent-studio/db/legacy';
 * const db = SessionLocal(engine);
 * try { return await db.query(McpServer).offset(skip).limit(limit).all(); } finally { await db.close(); }
 *
 * @module
 */
export type { LegacySession, LegacyQuery, LegacyOrder } from './legacy/legacy-session.js';
export { SessionLocal } from './legacy/session-local.js';
export { Op } from 'sequelize';
export * from './errors/index.js';
