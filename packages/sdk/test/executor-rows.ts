/**
 * Rows for executor tests: a function row and an MCP server row as the engine would hand
 * them over (decrypted).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, McpServer, StudioFunction } from '@agent-studio/db/models';

/**
 * A function row of `kind` with `config`.
 *
 * @example
 * const fn = functionRow('http', { url: 'http://127.0.0.1:8080/x', method: 'GET' });
 */
export function functionRow(kind: StudioFunction['kind'], config: JsonObject, extra: Partial<StudioFunction> = {}): StudioFunction {
  const now = new Date();
  return {
    id: randomUUID(),
    name: `fn_${kind}`,
    description: null,
    kind,
    parameters: { type: 'object', properties: {} },
    config,
    mcpServerId: null,
    mcpToolName: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

/**
 * An MCP server row.
 *
 * @example
 * const server = mcpServerRow({ transport: 'streamable_http', url: 'http://127.0.0.1:8080/mcp' });
 */
export function mcpServerRow(fields: Partial<McpServer> & Pick<McpServer, 'transport'>): McpServer {
  const now = new Date();
  return {
    id: randomUUID(),
    name: 'test-server',
    description: null,
    url: null,
    command: null,
    args: [],
    headers: {},
    env: {},
    enabled: true,
    status: 'unknown',
    lastCheckedAt: null,
    lastSuccessAt: null,
    lastLatencyMs: null,
    lastError: null,
    toolCount: null,
    tools: [],
    serverInfo: null,
    protocolVersion: null,
    consecutiveFailures: 0,
    checkIntervalSeconds: 60,
    nextCheckAt: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}
