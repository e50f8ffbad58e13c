/**
 * Enabled MCP servers by health status, for the monitor's `agent_studio_mcp_servers` gauge.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { select, withSession } from '@agent-studio/db/exec';
import { McpServer } from '@agent-studio/db/models';
import type { McpHealthStatus } from '@agent-studio/sdk/mcp';

/**
 * One exec session, one count per status.
 *
 * @example
 * await countServersByStatus(engine); // { unknown: 0, healthy: 3, degraded: 0, unreachable: 1 }
 */
export async function countServersByStatus(engine: Engine): Promise<Partial<Record<McpHealthStatus, number>>> {
  return withSession(engine, async (session) => {
    const counts: Partial<Record<McpHealthStatus, number>> = {};
    for (const status of ['unknown', 'healthy', 'degraded', 'unreachable'] as const) {
      counts[status] = await session.exec(select(McpServer).where({ enabled: true, status }).count()).one();
    }
    return counts;
  });
}
