/**
 * `getMcpServer`: one MCP server by id.
 *
 * @module
 */
import type { LegacySession } from '@agent-studio/db/legacy';
import { McpServer, type Instance } from '@agent-studio/db/models';

/**
 * The MCP server with this id, or `null` — the original `crud.get_mcp_server(db, server_id)`.
 *
 * @throws {InvalidIdError} (from `@agent-studio/db/legacy`) when `id` is not a UUID; no SQL is sent.
 * @example
 * const server = await getMcpServer(db, id);
 * if (!server) throw new Error(`no MCP server ${id}`);
 */
export async function getMcpServer(db: LegacySession, id: string): Promise<Instance<typeof McpServer> | null> {
  return db.query(McpServer).get(id);
}
