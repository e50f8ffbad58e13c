/**
 * `pruneHealthChecks`: deletes old health-check history.
 *
 * @module
 */
import { Op, type LegacySession } from '@agent-studio/db/legacy';
import { McpHealthCheck } from '@agent-studio/db/models';

/**
 * Deletes every `mcp_health_checks` row checked before `olderThan`, commits, and returns how
 * many went. The servers' own latest status is untouched.
 *
 * @example
 * const removed = await pruneHealthChecks(db, new Date(Date.now() - 7 * 24 * 3_600_000));
 */
export async function pruneHealthChecks(db: LegacySession, olderThan: Date): Promise<number> {
  if (!(olderThan instanceof Date) || Number.isNaN(olderThan.getTime())) {
    throw new TypeError(`pruneHealthChecks: olderThan must be a valid Date, got ${String(olderThan)}`);
  }
  const removed = await db.query(McpHealthCheck).filter({ checkedAt: { [Op.lt]: olderThan } }).delete();
  await db.commit();
  return removed;
}
