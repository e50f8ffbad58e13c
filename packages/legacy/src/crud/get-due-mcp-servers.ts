/**
 * `getDueMcpServers`: the servers whose next health check is due.
 *
 * @module
 */
import { Op, type LegacySession } from '@agent-studio/db/legacy';
import { McpServer, type Instance } from '@agent-studio/db/models';
import { checkPagination } from './pagination.js';

/**
 * Enabled MCP servers whose `nextCheckAt` is at or before `now`, the longest-overdue first (then
 * by id). Read-only: the health monitor claims servers with its own `UPDATE ... SKIP LOCKED`
 * so that two monitors never check the same server; this is for scripts and status output.
 *
 * @param limit capped at 1000.
 * @throws {InvalidPaginationError} when `limit` is not a non-negative integer.
 * @example
 * const due = await getDueMcpServers(db, new Date(), 50);
 * console.log(due.map((s) => s.name));
 */
export async function getDueMcpServers(db: LegacySession, now: Date, limit = 100): Promise<Instance<typeof McpServer>[]> {
  const page = checkPagination(0, limit);
  return db
    .query(McpServer)
    .filterBy({ enabled: true })
    .filter({ nextCheckAt: { [Op.lte]: now } })
    .orderBy('nextCheckAt', 'id')
    .limit(page.limit)
    .all();
}
