/**
 * `probeMcpServer`: one bounded health check of an MCP server over the real protocol.
 *
 * @module
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { EmptyResultSchema, ErrorCode, ListToolsResultSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { classifyProbeError, shouldFallBackToSse, type ProbePhase } from './classify-probe-error.js';
import { openMcpClient } from './connect-mcp-client.js';
import { resolveHttpEndpoint, type HttpEndpoint } from './create-probe-transport.js';
import { startDeadline, type ProbeDeadline } from './probe-deadline.js';
import { MCP_PROBE_LIMITS, truncate } from './probe-limits.js';
import { mcpProbeConfigSchema, type McpProbeConfig, type McpTransport } from './probe-config.js';
import type { McpPingOutcome, McpProbeFailure, McpProbeResult, McpProbeSuccess, McpToolSummary } from './probe-result.js';
import { createSecretScrubber, type SecretScrubber } from './secret-scrubber.js';
import type { OutboundPolicy } from '../outbound/outbound-policy.js';
import type { StdioCommandPolicy } from './stdio-command-policy.js';
import type { McpClientPolicies } from './connect-mcp-client.js';

/**
 * The deadline of a probe when none is given (the handshake timeout Flowise uses).
 *
 * @example
 * await probeMcpServer(config, { deadlineMs: DEFAULT_PROBE_DEADLINE_MS / 3 });
 */
export const DEFAULT_PROBE_DEADLINE_MS = 15_000;

/** The identity the probe announces in `initialize`. */
const PROBE_CLIENT_INFO = { name: 'agent-studio-mcp-probe', version: '0.1.0' } as const;

/**
 * Options of one probe.
 *
 * @example
 * const options: ProbeOptions = { deadlineMs: 5_000, signal: shutdown.signal };
 */
export interface ProbeOptions {
  /**
   * The one deadline for everything: connecting, `initialize`, `ping` and `tools/list`
   * (default {@link DEFAULT_PROBE_DEADLINE_MS}). Closing the connection afterwards gets at most a
   * further second.
   */
  deadlineMs?: number;
  /** Aborts the probe early (e.g. at shutdown); the result is then `unknown` "cancelled". */
  signal?: AbortSignal;
  /** Where HTTP transports may connect (default: the process's policy, `OUTBOUND_ALLOW`). */
  outbound?: OutboundPolicy;
  /** Which stdio commands may run, and how many at once (default: `MCP_STDIO_COMMANDS`). */
  commands?: StdioCommandPolicy;
}

/**
 * Probes one MCP server: connects with the configured transport (`streamable_http` falls back to
 * SSE when the server answers the streamable POST with a 4xx or a non-MCP content type), runs
 * `initialize`, then `tools/list` (all pages, capped) alongside a `ping`, and always closes the
 * connection (a stdio server process is ended). Everything runs under one deadline that holds
 * even when the server stops answering mid-handshake.
 *
 * `tools/list` is what proves health. `ping` is advisory: a JSON-RPC error to it gives
 * `ping: 'unsupported'` and a missing answer (within a quarter of the deadline, at least 1 s)
 * gives `ping: 'timeout'`; both still return `ok: true` (the health policy turns
 * `'timeout'` into `degraded`). A server that declares no `tools` capability is not asked for
 * tools (`tools: []`).
 *
 * Policies first: a stdio command not on `MCP_STDIO_COMMANDS` is never started, and an HTTP
 * endpoint the outbound policy refuses is never connected to (checked on the literal address
 * first, then on every resolved address and redirect at connect time); both are `blocked`, with
 * the same answer whether a port is open or closed. At most `MCP_STDIO_MAX_PROCESSES` stdio
 * servers run at once; a probe waits for a slot within its deadline.
 *
 * Never throws: failures come back as `{ ok: false, error: { kind, message } }`, and the message
 * never contains configured header or env values, URL credentials or query strings.
 *
 * @example
 * const result = await probeMcpServer({ transport: 'streamable_http', url: 'http://127.0.0.1:3000/mcp' }, { deadlineMs: 5_000 });
 * if (result.ok) console.log(result.serverInfo.name, result.tools.length); else console.log(result.error.kind);
 */
export async function probeMcpServer(config: McpProbeConfig, options: ProbeOptions = {}): Promise<McpProbeResult> {
  const startedAt = performance.now();
  const deadlineMs = Math.max(1, Math.floor(options.deadlineMs ?? DEFAULT_PROBE_DEADLINE_MS));
  const elapsed = (): number => Math.max(0, Math.round(performance.now() - startedAt));

  const parsed = mcpProbeConfigSchema.safeParse(config);
  if (!parsed.success) {
    const scrub = createSecretScrubber(config);
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ');
    return failure(elapsed(), 'unknown', `invalid configuration: ${issues}`, scrub);
  }
  const valid = parsed.data;
  const endpoint = valid.transport === 'stdio' ? undefined : resolveHttpEndpoint(valid);
  const scrub = createSecretScrubber({ ...valid, headers: { ...valid.headers, ...endpoint?.headers } });
  const deadline = startDeadline(deadlineMs, options.signal);

  const fail = (error: unknown, prefix = ''): McpProbeFailure => {
    const attemptError = error instanceof AttemptError ? error : undefined;
    const classified = classifyProbeError(attemptError?.cause ?? error, {
      phase: attemptError?.phase ?? 'handshake',
      timedOut: deadline.timedOut,
      cancelled: deadline.cancelled,
      deadlineMs,
      ...(attemptError?.detail ? { detail: attemptError.detail } : {}),
    });
    return failure(elapsed(), classified.kind, prefix + classified.message, scrub);
  };

  try {
    const attempt = (kind: McpTransport): Promise<McpProbeSuccess> =>
      runAttempt(kind, valid, endpoint, deadline, startedAt, scrub, { outbound: options.outbound, commands: options.commands });
    if (valid.transport !== 'streamable_http') return await attempt(valid.transport);
    try {
      return await attempt('streamable_http');
    } catch (error) {
      const cause = error instanceof AttemptError ? error.cause : error;
      if (deadline.signal.aborted || !shouldFallBackToSse(cause)) return fail(error);
      try {
        return await attempt('sse');
      } catch (sseError) {
        return fail(sseError, 'streamable HTTP refused, SSE fallback failed: ');
      }
    }
  } catch (error) {
    return fail(error);
  } finally {
    deadline.dispose();
  }
}

/** An attempt's error, with where it happened. */
class AttemptError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly phase: ProbePhase,
    readonly detail: string,
  ) {
    super('probe attempt failed');
  }
}

async function runAttempt(
  kind: McpTransport,
  config: McpProbeConfig,
  endpoint: HttpEndpoint | undefined,
  deadline: ProbeDeadline,
  startedAt: number,
  scrub: SecretScrubber,
  policies: McpClientPolicies,
): Promise<McpProbeSuccess> {
  const handle = openMcpClient(kind, config, endpoint, PROBE_CLIENT_INFO, policies);
  const client = handle.client;

  let phase: ProbePhase = 'handshake';
  let answeredAt = startedAt;
  const answered = (): void => {
    answeredAt = performance.now();
  };

  try {
    await handle.connect(deadline);
    answered();
    phase = 'tools';

    const pingBudget = Math.max(1_000, Math.floor(deadline.remaining() / 4));
    const ping = pingOutcome(client, deadline, pingBudget, answered);

    let tools: McpToolSummary[] = [];
    let toolCount = 0;
    let toolsTruncated = false;
    if (client.getServerCapabilities()?.tools) {
      ({ tools, toolCount, toolsTruncated } = await listTools(client, deadline, answered));
    }
    const pingResult = await deadline.race(ping);
    if ('error' in pingResult) throw pingResult.error;

    const serverInfo = client.getServerVersion();
    return {
      ok: true,
      latencyMs: Math.max(0, Math.round(answeredAt - startedAt)),
      serverInfo: {
        name: truncate(serverInfo?.name ?? '', MCP_PROBE_LIMITS.maxServerInfoLength),
        version: truncate(serverInfo?.version ?? '', MCP_PROBE_LIMITS.maxServerInfoLength),
      },
      protocolVersion: truncate(handle.protocolVersion ?? '', MCP_PROBE_LIMITS.maxServerInfoLength),
      transport: kind,
      ping: pingResult.outcome,
      toolCount,
      toolsTruncated,
      tools,
    };
  } catch (error) {
    const tail = handle.stderrTail();
    throw new AttemptError(error, phase, tail ? `stderr: ${scrub(tail)}` : '');
  } finally {
    await handle.close(!deadline.signal.aborted);
  }
}

type PingResult = { outcome: McpPingOutcome } | { error: unknown };

/** Sends `ping` (a plain request: newer SDKs deprecate `Client.ping`); never rejects. */
function pingOutcome(client: Client, deadline: ProbeDeadline, budgetMs: number, answered: () => void): Promise<PingResult> {
  return client.request({ method: 'ping' }, EmptyResultSchema, deadline.requestOptions(budgetMs)).then(
    (): PingResult => {
      answered();
      return { outcome: 'ok' };
    },
    (error: unknown): PingResult => {
      if (deadline.signal.aborted) return { error };
      if (error instanceof McpError) {
        if (error.code === (ErrorCode.RequestTimeout as number)) return { outcome: 'timeout' };
        if (error.code !== (ErrorCode.ConnectionClosed as number)) return { outcome: 'unsupported' };
      }
      return { error };
    },
  );
}

async function listTools(
  client: Client,
  deadline: ProbeDeadline,
  answered: () => void,
): Promise<{ tools: McpToolSummary[]; toolCount: number; toolsTruncated: boolean }> {
  const tools: McpToolSummary[] = [];
  let toolCount = 0;
  let cursor: string | undefined;
  for (let page = 0; page < MCP_PROBE_LIMITS.maxToolPages; page += 1) {
    // A plain request, not Client.listTools: that one also compiles every tool's output schema.
    const result = await deadline.race(
      client.request(
        { method: 'tools/list', params: cursor === undefined ? {} : { cursor } },
        ListToolsResultSchema,
        deadline.requestOptions(),
      ),
    );
    answered();
    toolCount += result.tools.length;
    for (const tool of result.tools) {
      if (tools.length >= MCP_PROBE_LIMITS.maxTools) break;
      tools.push(summarizeTool(tool));
    }
    cursor = result.nextCursor;
    if (!cursor || tools.length >= MCP_PROBE_LIMITS.maxTools) break;
  }
  return { tools, toolCount, toolsTruncated: toolCount > tools.length || cursor !== undefined };
}

function summarizeTool(tool: { name: string; description?: string | undefined; inputSchema: object }): McpToolSummary {
  let inputSchema = tool.inputSchema as Record<string, unknown>;
  let size: number;
  try {
    size = JSON.stringify(inputSchema).length;
  } catch {
    size = Number.POSITIVE_INFINITY;
  }
  if (size > MCP_PROBE_LIMITS.maxInputSchemaChars) inputSchema = { type: 'object' };
  const summary: McpToolSummary = { name: truncate(tool.name, MCP_PROBE_LIMITS.maxNameLength), inputSchema };
  if (typeof tool.description === 'string') {
    summary.description = truncate(tool.description, MCP_PROBE_LIMITS.maxDescriptionLength);
  }
  return summary;
}

function failure(latencyMs: number, kind: McpProbeFailure['error']['kind'], message: string, scrub: SecretScrubber): McpProbeFailure {
  const clean = scrub(message).replace(/\p{Cc}+/gu, ' ').trim();
  return {
    ok: false,
    latencyMs,
    error: { kind, message: truncate(clean || kind, MCP_PROBE_LIMITS.maxErrorMessageLength) },
  };
}
