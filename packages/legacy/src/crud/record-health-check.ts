/**
 * `recordHealthCheck`: persists one health check of an MCP server.
 *
 * @module
 */
import type { LegacySession } from '@agent-studio/db/legacy';
import { McpHealthCheck, McpServer } from '@agent-studio/db/models';
import { applyHealthCheck, type McpHealthCheckOptions, type McpProbeResult } from '@agent-studio/sdk/mcp';
import type { RecordedHealthCheck } from './recorded-health-check.js';

/**
 * Writes one finished health check of the server `serverId` and commits: the server row is read
 * `FOR UPDATE` (so a concurrent `checkNow` on the exec side waits instead of being overwritten),
 * its health fields and a new `mcp_health_checks` row are what `applyHealthCheck` from
 * `@agent-studio/sdk/mcp` returns — the same rule the SDK service persists — and both are
 * written in one transaction. Returns `null`, writing nothing, when the server no longer exists
 * (deleted while it was being probed).
 *
 * @throws {InvalidIdError} (from `@agent-studio/db/legacy`) when `serverId` is not a UUID.
 * @example
 * const result = await probeMcpServer(config, { deadlineMs: 5_000 });
 * const db = SessionLocal(engine);
 * try {
 *   await recordHealthCheck(db, serverId, result, { checkedAt: new Date() });
 * } finally {
 *   await db.close();
 * }
 */
export async function recordHealthCheck(
  db: LegacySession,
  serverId: string,
  result: McpProbeResult,
  options: McpHealthCheckOptions = {},
): Promise<RecordedHealthCheck | null> {
  const server = await db.query(McpServer).forUpdate().get(serverId);
  if (!server) {
    await db.rollback();
    return null;
  }
  const outcome = applyHealthCheck(server, result, options.policy, options.checkedAt, options.random);
  Object.assign(server, outcome.server);
  db.add(server);
  const check = db.add(McpHealthCheck, { mcpServerId: server.id, ...outcome.check });
  await db.commit();
  return { server, check, state: outcome.state };
}
