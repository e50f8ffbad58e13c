/**
 * `@agent-studio/legacy/crud` — the original system's query-style CRUD functions, each taking a
 * `LegacySession` (from `SessionLocal()`) first. Phase-1 legacy code: new code uses the SDK's
 * services on an exec session.
 *
 * @example
 * import { SessionLocal } from '@agent-studio/db/legacy';
 * import { getMcpServers } from '@agent-studio/legacy/crud';
 * const db = SessionLocal(engine);
 * try {
 *   const servers = await getMcpServers(db, 0, 1000);
 * } finally {
 *   await db.close();
 * }
 *
 * @module
 */
export { getMcpServers } from './crud/get-mcp-servers.js';
export { getMcpServer } from './crud/get-mcp-server.js';
export { getDueMcpServers } from './crud/get-due-mcp-servers.js';
export { recordHealthCheck } from './crud/record-health-check.js';
export type { RecordedHealthCheck } from './crud/recorded-health-check.js';
export { pruneHealthChecks } from './crud/prune-health-checks.js';
export { getAgents } from './crud/get-agents.js';
export { findOrCreateByName } from './crud/find-or-create-by-name.js';
export { checkPagination, MAX_PAGE_LIMIT } from './crud/pagination.js';
export { InvalidPaginationError, isInvalidPaginationError } from './crud/invalid-pagination-error.js';
