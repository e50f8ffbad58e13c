/**
 * The one health-check rule: a server's snapshot + a probe result + the policy + the clock →
 * the changes to the server row and the history row. Pure and session-free; the SDK service (on
 * an exec session) and the legacy monitor (on a legacy session) only persist what it returns.
 *
 * @module
 */
import { DEFAULT_MCP_HEALTH_POLICY, type McpHealthPolicy } from './health-policy.js';
import { nextHealthState, type McpHealthSnapshot, type McpHealthState, type McpHealthStatus } from './health-state.js';
import type { McpProbeErrorKind, McpProbeResult, McpToolSummary } from './probe-result.js';
import { createSecretScrubber } from './secret-scrubber.js';
import { endpointUrlOf } from './url-secret.js';

/**
 * What the rule reads from a server: its health so far, its own check interval and the
 * connection settings whose secrets must never reach a row. A `mcp_servers` row of either
 * session kind has these fields.
 *
 * @example
 * const server: McpServerHealthSnapshot = { status: 'unknown', consecutiveFailures: 0, checkIntervalSeconds: 60, url: 'http://127.0.0.1:3000/mcp' };
 */
export interface McpServerHealthSnapshot extends McpHealthSnapshot {
  /** Seconds between checks while the server is healthy (replaces the policy's `intervalSeconds`). */
  readonly checkIntervalSeconds: number;
  readonly url?: string | null;
  /** `{ url }`: the full URL with its credentials (see `splitUrlSecret`), scrubbed too. */
  readonly urlSecret?: Readonly<Record<string, string>> | null;
  readonly headers?: Readonly<Record<string, string>> | null;
  readonly env?: Readonly<Record<string, string>> | null;
  /** Secret stdio arguments (`{ "<index>": value }`, see `splitSecretArgs`), scrubbed too. */
  readonly argsSecret?: Readonly<Record<string, string>> | null;
}

/** A checked server's status: `unknown` only means "never checked". */
export type McpCheckedStatus = Exclude<McpHealthStatus, 'unknown'>;

/**
 * The server row's new health fields. On a failed check the `lastSuccessAt`, `toolCount`,
 * `tools`, `serverInfo` and `protocolVersion` fields are absent: they keep describing the last
 * good check.
 *
 * @example
 * Object.assign(row, applyHealthCheck(row, result, policy, now).server);
 */
export interface McpServerHealthChanges {
  status: McpCheckedStatus;
  consecutiveFailures: number;
  nextCheckAt: Date;
  lastCheckedAt: Date;
  lastLatencyMs: number;
  /** `"<kind>: <message>"`, scrubbed of the server's secrets; `null` on success. */
  lastError: string | null;
  lastSuccessAt?: Date;
  toolCount?: number;
  tools?: McpToolSummary[];
  serverInfo?: { name: string; version: string };
  protocolVersion?: string | null;
}

/**
 * The `mcp_health_checks` row of one check (without its id and server id).
 *
 * @example
 * session.add(McpHealthCheck, { mcpServerId: row.id, ...applyHealthCheck(row, result).check });
 */
export interface McpHealthCheckRecord {
  checkedAt: Date;
  status: McpCheckedStatus;
  latencyMs: number;
  toolCount: number | null;
  errorKind: McpProbeErrorKind | null;
  error: string | null;
}

/**
 * What {@link applyHealthCheck} returns: the row changes, the history row and the computed state.
 *
 * @example
 * const { server, check, state } = applyHealthCheck(row, result);
 */
export interface McpHealthCheckOutcome {
  readonly server: McpServerHealthChanges;
  readonly check: McpHealthCheckRecord;
  readonly state: McpHealthState;
}

/**
 * The optional inputs of recording a check: when it ran (default now), the policy (default
 * `DEFAULT_MCP_HEALTH_POLICY`; its interval is replaced by the server's) and the jitter source.
 *
 * @example
 * const options: McpHealthCheckOptions = { checkedAt: new Date(), random: () => 0.5 };
 */
export interface McpHealthCheckOptions {
  readonly checkedAt?: Date;
  readonly policy?: McpHealthPolicy;
  /** Jitter source in [0, 1) for the next check time (default `Math.random`). */
  readonly random?: () => number;
}

/**
 * Applies one probe result to a server through {@link nextHealthState} (interval = the server's
 * `checkIntervalSeconds`, the rest from `policy`): status (`unknown` is never written back),
 * failure streak, next check time with backoff and jitter, latency rounded and clamped at 0, the
 * error message scrubbed of the server's header, env and URL secrets, and tools, server info and
 * protocol version exactly as the server sent them.
 *
 * @example
 * const outcome = applyHealthCheck(row, await probeMcpServer(config), DEFAULT_MCP_HEALTH_POLICY, new Date());
 * Object.assign(row, outcome.server);
 * session.add(McpHealthCheck, { mcpServerId: row.id, ...outcome.check });
 */
export function applyHealthCheck(
  server: McpServerHealthSnapshot,
  result: McpProbeResult,
  policy: McpHealthPolicy = DEFAULT_MCP_HEALTH_POLICY,
  now: Date = new Date(),
  random: () => number = Math.random,
): McpHealthCheckOutcome {
  const state = nextHealthState(
    { status: server.status, consecutiveFailures: server.consecutiveFailures },
    result,
    { ...policy, intervalSeconds: server.checkIntervalSeconds },
    now,
    random,
  );
  const url = endpointUrlOf({ url: server.url ?? null, urlSecret: server.urlSecret ?? null });
  const scrub = createSecretScrubber({
    ...(url ? { url } : {}),
    headers: { ...server.headers },
    env: { ...server.env },
    // the secret args as a list of their own, every one marked secret
    args: Object.values(server.argsSecret ?? {}),
    secretArgs: Object.keys(server.argsSecret ?? {}).map((_, i) => i),
  });
  const status: McpCheckedStatus = state.status === 'unknown' ? 'unreachable' : state.status;
  const latencyMs = Math.max(0, Math.round(result.latencyMs));
  const error = result.ok ? null : { kind: result.error.kind, message: scrub(result.error.message) };
  const changes: McpServerHealthChanges = {
    status,
    consecutiveFailures: state.consecutiveFailures,
    nextCheckAt: state.nextCheckAt,
    lastCheckedAt: now,
    lastLatencyMs: latencyMs,
    lastError: error && `${error.kind}: ${error.message}`,
  };
  if (result.ok) {
    changes.lastSuccessAt = now;
    changes.toolCount = result.toolCount;
    // tools/list exactly as received: scrubbing renamed tools (`get_file_info` with a secret `info`)
    changes.tools = result.tools;
    changes.serverInfo = { name: result.serverInfo.name, version: result.serverInfo.version };
    changes.protocolVersion = result.protocolVersion || null;
  }
  return {
    server: changes,
    check: {
      checkedAt: now,
      status,
      latencyMs,
      toolCount: result.ok ? result.toolCount : null,
      errorKind: error?.kind ?? null,
      error: error?.message ?? null,
    },
    state,
  };
}
