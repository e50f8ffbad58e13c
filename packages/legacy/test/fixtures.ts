/**
 * Test fixtures shared by this package's suites: MCP server rows, history counts and a row
 * snapshot, all through the legacy session or plain SQL on a borrowed connection (no mocks).
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { Agent, McpHealthCheck, McpServer, StudioFunction } from '@agent-studio/db/models';

/** Deletes every server (history cascades), agent and function. */
export async function clearTables(engine: Engine): Promise<void> {
  await using db = SessionLocal(engine);
  await db.query(McpHealthCheck).delete();
  await db.query(StudioFunction).delete();
  await db.query(McpServer).delete();
  await db.query(Agent).delete();
  await db.commit();
}

/** Registers streamable-HTTP servers by name → url, due now; returns name → id. */
export async function addServers(
  engine: Engine,
  servers: Record<string, string>,
  extra: { nextCheckAt?: Date; headers?: Record<string, string> } = {},
): Promise<Record<string, string>> {
  await using db = SessionLocal(engine);
  const added = Object.entries(servers).map(([name, url]) =>
    db.add(McpServer, {
      name,
      transport: 'streamable_http',
      url,
      nextCheckAt: extra.nextCheckAt ?? new Date(Date.now() - 1_000),
      ...(extra.headers ? { headers: extra.headers } : {}),
    }),
  );
  await db.commit();
  return Object.fromEntries(added.map((s) => [s.name, s.id]));
}

/** Runs one query on a borrowed connection and returns its rows. */
export async function sql<R extends object = Record<string, unknown>>(
  engine: Engine,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const connection = await engine.acquire();
  try {
    return (await connection.query<R>(text, values)).rows;
  } finally {
    engine.release(connection);
  }
}

/** History rows per server id. */
export async function historyCounts(engine: Engine): Promise<Map<string, number>> {
  const rows = await sql<{ id: string; n: string }>(
    engine,
    'SELECT mcp_server_id AS id, count(*) AS n FROM mcp_health_checks GROUP BY mcp_server_id',
  );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}
