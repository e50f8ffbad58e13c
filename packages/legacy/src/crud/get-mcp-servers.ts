/**
 * `getMcpServers`: a page of registered MCP servers.
 *
 * @module
 */
import type { LegacySession } from '@agent-studio/db/legacy';
import { McpServer, type Instance } from '@agent-studio/db/models';
import { checkPagination } from './pagination.js';

/**
 * A page of MCP servers, oldest first (then by id, so pages are stable) — the original
 * `crud.get_mcp_servers(db, skip, limit)`. Rows are the legacy session's Sequelize instances;
 * `headers` / `env` are plaintext on them (encrypted at rest), so never log or return them as is.
 *
 * @param limit capped at {@link MAX_PAGE_LIMIT} (1000).
 * @throws {InvalidPaginationError} when `skip` or `limit` is not a non-negative integer.
 * @example
 * const db = SessionLocal(engine);
 * try {
 *   const servers = await getMcpServers(db, 0, 1000);
 * } finally {
 *   await db.close();
 * }
 */
export async function getMcpServers(db: LegacySession, skip = 0, limit = 100): Promise<Instance<typeof McpServer>[]> {
  const page = checkPagination(skip, limit);
  return db.query(McpServer).orderBy('createdAt', 'id').offset(page.skip).limit(page.limit).all();
}
