/**
 * Enabled MCP servers by health status, for the monitor's `agent_studio_mcp_servers` gauge.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { McpServer } from '@agent-studio/db/models';
import { SessionLocal } from '@agent-studio/db/legacy';
import type { McpHealthStatus } from '@agent-studio/sdk/mcp';

/**
 * One legacy session (the monitor's own session kind), one count per status.
 *
 * @example
 * await countServersByStatus(engine); // { healthy: 3, unreachable: 1 }
 */
export async function countServersByStatus(engine: Engine): Promise<Partial<Record<McpHealthStatus, number>>> {
  await using db = SessionLocal(engine);
  const counts: Partial<Record<McpHealthStatus, number>> = {};
  for (const status of ['unknown', 'healthy', 'degraded', 'unreachable'] as const) {
    counts[status] = await db.query(McpServer).filterBy({ enabled: true, status }).count();
  }
  return counts;
}
