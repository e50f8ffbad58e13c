/**
 * `recordHealthCheck`: persists one health check of an MCP server.
 *
 * @module
 */
import type { LegacySession } from '@agent-studio/db/legacy';
import { McpHealthCheck, McpServer, type JsonValue } from '@agent-studio/db/models';
import { DEFAULT_MCP_HEALTH_POLICY, nextHealthState } from '@agent-studio/sdk/mcp';
import type { HealthCheckOutcome, RecordedHealthCheck } from './health-check-outcome.js';

/**
 * Writes one finished health check of the server `serverId`, in one transaction, and commits:
 *
 * - the server row: `status`, `consecutiveFailures` and `nextCheckAt` from `nextHealthState`
 *   (interval = the server's `checkIntervalSeconds`, exponential backoff with jitter while it
 *   fails), `lastCheckedAt`, `lastLatencyMs`, `lastError` (`"<kind>: <message>"`, already free of
 *   secrets, `null` on success); on success also `lastSuccessAt`, `toolCount`, `tools`,
 *   `serverInfo` and `protocolVersion` (on failure these keep describing the last good check);
 * - a new `mcp_health_checks` row.
 *
 * Either both are written or neither (the commit is one transaction). Returns `null`, writing
 * nothing, when the server no longer exists (deleted while it was being probed).
 *
 * @throws {InvalidIdError} (from `@agent-studio/db/legacy`) when `serverId` is not a UUID.
 * @throws {StaleDataError} when someone else updated the server between the read and the write.
 * @example
 * const result = await probeMcpServer(config, { deadlineMs: 5_000 });
 * const db = SessionLocal(engine);
 * try {
 *   await recordHealthCheck(db, serverId, { result });
 * } finally {
 *   await db.close();
 * }
 */
export async function recordHealthCheck(
  db: LegacySession,
  serverId: string,
  outcome: HealthCheckOutcome,
): Promise<RecordedHealthCheck | null> {
  const server = await db.query(McpServer).get(serverId);
  if (!server) {
    await db.rollback();
    return null;
  }
  const { result } = outcome;
  const checkedAt = outcome.checkedAt ?? new Date();
  const policy = { ...(outcome.policy ?? DEFAULT_MCP_HEALTH_POLICY), intervalSeconds: server.checkIntervalSeconds };
  const state = nextHealthState(
    { status: server.status, consecutiveFailures: server.consecutiveFailures },
    result,
    policy,
    checkedAt,
    outcome.random,
  );
  const latencyMs = Math.round(result.latencyMs);

  server.status = state.status;
  server.consecutiveFailures = state.consecutiveFailures;
  server.nextCheckAt = state.nextCheckAt;
  server.lastCheckedAt = checkedAt;
  server.lastLatencyMs = latencyMs;
  server.lastError = result.ok ? null : `${result.error.kind}: ${result.error.message}`;
  if (result.ok) {
    server.lastSuccessAt = checkedAt;
    server.toolCount = result.toolCount;
    server.tools = result.tools as unknown as JsonValue[];
    server.serverInfo = { ...result.serverInfo };
    server.protocolVersion = result.protocolVersion;
  }
  db.add(server);
  const check = db.add(McpHealthCheck, {
    mcpServerId: server.id,
    checkedAt,
    status: state.status === 'unknown' ? 'unreachable' : state.status,
    latencyMs,
    toolCount: result.ok ? result.toolCount : null,
    errorKind: result.ok ? null : result.error.kind,
    error: result.ok ? null : result.error.message,
  });
  await db.commit();
  return { server, check, state };
}
