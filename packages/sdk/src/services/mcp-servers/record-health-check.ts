/**
 * Applies one probe result to a server row (through the shared health policy) and stages the
 * matching `mcp_health_checks` history row.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import { McpHealthCheck, type JsonValue, type McpServer } from '@agent-studio/db/models';
import { DEFAULT_MCP_HEALTH_POLICY, nextHealthState, type McpProbeResult } from '../../mcp.js';
import type { SecretScrubber } from '../../mcp/secret-scrubber.js';
import { scrubDeep } from './scrub-secrets.js';

/**
 * Updates `row` with the outcome of `result` — status, `lastCheckedAt`, `lastSuccessAt`,
 * `lastLatencyMs`, `lastError` (`"<kind>: <message>"`), `consecutiveFailures`, `nextCheckAt`, and
 * on success `toolCount`, `tools`, `serverInfo`, `protocolVersion` (a failed check keeps the
 * cached tools) — stages the update and a history row, and returns the history row. Flushing is
 * the caller's. The check interval is the row's `checkIntervalSeconds`; the rest of the policy is
 * {@link DEFAULT_MCP_HEALTH_POLICY}.
 *
 * @example
 * const check = recordHealthCheck(session, row, await probeMcpServer(config), scrub);
 * await flushOrThrow(session);
 */
export function recordHealthCheck(
  session: ExecSession,
  row: McpServer,
  result: McpProbeResult,
  scrub: SecretScrubber,
  now: Date = new Date(),
): McpHealthCheck {
  const policy = { ...DEFAULT_MCP_HEALTH_POLICY, intervalSeconds: row.checkIntervalSeconds };
  const next = nextHealthState({ status: row.status, consecutiveFailures: row.consecutiveFailures }, result, policy, now);
  // nextHealthState only answers healthy / degraded / unreachable; 'unknown' is "never checked".
  const status = next.status === 'unknown' ? 'unreachable' : next.status;
  const latencyMs = Math.max(0, Math.round(result.latencyMs));

  row.status = status;
  row.consecutiveFailures = next.consecutiveFailures;
  row.nextCheckAt = next.nextCheckAt;
  row.lastCheckedAt = now;
  row.lastLatencyMs = latencyMs;
  let error: { kind: string; message: string } | null = null;
  if (result.ok) {
    row.lastSuccessAt = now;
    row.lastError = null;
    row.toolCount = result.toolCount;
    row.tools = scrubDeep(result.tools, scrub) as JsonValue[];
    row.serverInfo = scrubDeep({ name: result.serverInfo.name, version: result.serverInfo.version }, scrub);
    row.protocolVersion = result.protocolVersion ? scrub(result.protocolVersion) : null;
  } else {
    error = { kind: result.error.kind, message: scrub(result.error.message) };
    row.lastError = `${error.kind}: ${error.message}`;
  }
  session.add(row);
  return session.add(McpHealthCheck, {
    mcpServerId: row.id,
    checkedAt: now,
    status,
    latencyMs,
    toolCount: result.ok ? result.toolCount : null,
    errorKind: error?.kind ?? null,
    error: error?.message ?? null,
  });
}
