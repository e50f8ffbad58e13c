/**
 * Maps MCP server rows (and their health checks and tools) to DTOs. Header and env values never
 * leave here: they are replaced by the mask, and error texts are scrubbed of them once more.
 * Tool definitions and server info are returned as the server sent them.
 *
 * @module
 */
import { secretErrorOf, type JsonValue, type McpHealthCheck, type McpServer, type StudioFunction } from '@agent-studio/db/models';
import { toIso } from '../../common/timestamps.js';
import { mcpProbeErrorKindSchema, mcpToolSummarySchema, type McpToolSummary } from '../../mcp.js';
import type { SecretScrubber } from '../../mcp/secret-scrubber.js';
import { probeConfigOf } from './mcp-server-connection.js';
import type { McpHealthCheckDto, McpImportedFunction, McpServerDto, McpToolList } from './mcp-servers-schemas.js';
import { createSecretScrubber } from '../../mcp/secret-scrubber.js';
import { maskSecretMap } from './secret-mask.js';
import { argsWithSecrets, secretArgIndexes, splitSecretArgs } from '../../mcp/secret-args.js';

/**
 * The scrubber for a saved server's secrets.
 *
 * @example
 * const scrub = scrubberForRow(row);
 */
export function scrubberForRow(row: McpServer): SecretScrubber {
  return createSecretScrubber(probeConfigOf(row));
}

function serverInfoOf(value: McpServer['serverInfo']): McpServerDto['serverInfo'] {
  if (!value || typeof value.name !== 'string') return null;
  return { name: value.name, version: typeof value.version === 'string' ? value.version : '' };
}

/**
 * The DTO of a server row: `headers` / `env` and secret args masked, the last error scrubbed.
 *
 * @example
 * return toMcpServerDto(row);
 */
export function toMcpServerDto(row: McpServer, scrub: SecretScrubber = scrubberForRow(row)): McpServerDto {
  const serverInfo = serverInfoOf(row.serverInfo);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    transport: row.transport,
    url: row.url,
    command: row.command,
    args: splitSecretArgs(argsWithSecrets(row), secretArgIndexes(row)).shown,
    secretArgs: secretArgIndexes(row),
    headers: maskSecretMap(row.headers),
    env: maskSecretMap(row.env),
    enabled: row.enabled,
    status: row.status,
    lastCheckedAt: toIso(row.lastCheckedAt),
    lastSuccessAt: toIso(row.lastSuccessAt),
    lastLatencyMs: row.lastLatencyMs,
    lastError: row.lastError === null ? null : scrub(row.lastError),
    secretError: secretErrorOf(row)?.message ?? null,
    toolCount: row.toolCount,
    serverInfo,
    protocolVersion: row.protocolVersion,
    consecutiveFailures: row.consecutiveFailures,
    checkIntervalSeconds: row.checkIntervalSeconds,
    nextCheckAt: toIso(row.nextCheckAt),
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

/**
 * The DTO of a health check row (its error text scrubbed with the server's secrets).
 *
 * @example
 * return toMcpHealthCheckDto(check, scrubberForRow(server));
 */
export function toMcpHealthCheckDto(row: McpHealthCheck, scrub: SecretScrubber): McpHealthCheckDto {
  const kind = mcpProbeErrorKindSchema.safeParse(row.errorKind);
  return {
    id: row.id,
    mcpServerId: row.mcpServerId,
    checkedAt: toIso(row.checkedAt),
    status: row.status,
    latencyMs: row.latencyMs,
    toolCount: row.toolCount,
    errorKind: row.errorKind === null ? null : kind.success ? kind.data : 'unknown',
    error: row.error === null ? null : scrub(row.error),
  };
}

/**
 * The cached tools of a row, as the server sent them (entries that are not tool summaries are
 * skipped).
 *
 * @example
 * const tools = cachedToolsOf(row);
 */
export function cachedToolsOf(row: Pick<McpServer, 'tools'>): McpToolSummary[] {
  return row.tools.flatMap((value: JsonValue) => {
    const parsed = mcpToolSummarySchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The tool list DTO of a row.
 *
 * @example
 * return toMcpToolList(row);
 */
export function toMcpToolList(row: McpServer): McpToolList {
  return {
    mcpServerId: row.id,
    tools: cachedToolsOf(row),
    toolCount: row.toolCount,
    lastSuccessAt: toIso(row.lastSuccessAt),
  };
}

/**
 * The DTO of a function created from an MCP tool.
 *
 * @example
 * return toMcpImportedFunction(fn);
 */
export function toMcpImportedFunction(row: StudioFunction): McpImportedFunction {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: 'mcp_tool',
    parameters: row.parameters,
    mcpServerId: row.mcpServerId!,
    mcpToolName: row.mcpToolName!,
    version: row.version,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}
