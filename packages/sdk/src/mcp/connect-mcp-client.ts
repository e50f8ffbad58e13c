/**
 * Opening an MCP SDK client on a configured server: the one place that builds the client
 * (shared JSON Schema validator, quiet error handler), picks the transport, connects under a
 * deadline, falls back from streamable HTTP to SSE, and closes quietly. Used by the probe and
 * by the run engine's `mcp_tool` executor.
 *
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { shouldFallBackToSse } from './classify-probe-error.js';
import { createProbeTransport, resolveHttpEndpoint, type HttpEndpoint } from './create-probe-transport.js';
import type { ProbeDeadline } from './probe-deadline.js';
import type { McpProbeConfig, McpTransport } from './probe-config.js';
import { checkOutboundUrl } from '../outbound/check-outbound-url.js';
import { currentOutboundPolicy, outboundFetchFor } from '../outbound/default-outbound-policy.js';
import type { OutboundPolicy } from '../outbound/outbound-policy.js';
import { currentStdioCommandPolicy, stdioCommandVerdict, type StdioCommandPolicy } from './stdio-command-policy.js';
import { StdioCommandRefusedError } from './stdio-command-refused-error.js';
import { acquireStdioSlot } from './stdio-process-slots.js';

/** Time allowed for closing the connection (not part of any deadline). */
const CLOSE_GRACE_MS = 1_000;

/**
 * One JSON Schema validator shared by every client. Left to itself, each `Client` builds its
 * own Ajv instance (~0.2 ms of CPU, a noticeable share of a monitor sweep).
 */
let sharedValidator: AjvJsonSchemaValidator | undefined;

/**
 * The identity a client announces in `initialize`.
 *
 * @example
 * const info: McpClientInfo = { name: 'agent-studio-runner', version: '0.1.0' };
 */
export interface McpClientInfo {
  readonly name: string;
  readonly version: string;
}

/**
 * The policies a client obeys; each defaults to the process's (`OUTBOUND_ALLOW`,
 * `MCP_STDIO_COMMANDS` / `MCP_STDIO_MAX_PROCESSES`).
 *
 * @example
 * const policies: McpClientPolicies = { outbound: STRICT_OUTBOUND_POLICY, commands: loadStdioCommandPolicy({}) };
 */
export interface McpClientPolicies {
  readonly outbound?: OutboundPolicy | undefined;
  readonly commands?: StdioCommandPolicy | undefined;
}

/**
 * A client with its transport, not yet connected. Always `close()` it.
 *
 * @example
 * const handle = openMcpClient('streamable_http', config, resolveHttpEndpoint(config), info);
 * try { await handle.connect(deadline); } finally { await handle.close(true); }
 */
export interface McpClientHandle {
  readonly client: Client;
  readonly transport: Transport;
  /** The transport kind of this handle. */
  readonly kind: McpTransport;
  /** The protocol version negotiated in `initialize` (once connected). */
  readonly protocolVersion: string | undefined;
  /** The last characters a stdio server wrote to stderr (empty for HTTP). */
  stderrTail(): string;
  /**
   * Connects (transport start + `initialize`) under `deadline`, policies first: a stdio command
   * not on the list is a `StdioCommandRefusedError` (nothing spawned), an HTTP address the
   * outbound policy refuses an `OutboundBlockedError` (as written here, resolved at connect time),
   * and a stdio process waits for one of the `maxProcesses` slots.
   */
  connect(deadline: ProbeDeadline): Promise<void>;
  /**
   * Closes the client (a stdio process is ended), within a second. `politely` first ends a
   * streamable-HTTP session with an HTTP DELETE (skip it when the call was aborted).
   */
  close(politely: boolean): Promise<void>;
}

/**
 * Builds the client and transport of kind `kind` for `config` (see `createProbeTransport`); HTTP
 * transports fetch through the outbound policy.
 *
 * @example
 * const handle = openMcpClient('sse', config, resolveHttpEndpoint(config), { name: 'x', version: '1' });
 */
export function openMcpClient(
  kind: McpTransport,
  config: McpProbeConfig,
  endpoint: HttpEndpoint | undefined,
  clientInfo: McpClientInfo,
  policies: McpClientPolicies = {},
): McpClientHandle {
  const outbound = policies.outbound ?? currentOutboundPolicy();
  const commands = policies.commands ?? currentStdioCommandPolicy();
  const { transport, stderrTail } = createProbeTransport(kind, config, endpoint, outboundFetchFor(outbound));
  const client = new Client(
    { name: clientInfo.name, version: clientInfo.version },
    { capabilities: {}, jsonSchemaValidator: (sharedValidator ??= new AjvJsonSchemaValidator()) },
  );
  // Transport errors also reject the pending request; keep them off the console.
  client.onerror = () => undefined;

  let release: () => void = () => undefined;
  let protocolVersion: string | undefined;
  const setProtocolVersion = transport.setProtocolVersion?.bind(transport);
  transport.setProtocolVersion = (version: string) => {
    protocolVersion = version;
    setProtocolVersion?.(version);
  };

  return {
    client,
    transport,
    kind,
    get protocolVersion() {
      return protocolVersion;
    },
    stderrTail,
    async connect(deadline) {
      if (kind === 'stdio') {
        const refusal = stdioCommandVerdict(commands, config.command);
        if (refusal !== undefined) throw new StdioCommandRefusedError(refusal);
        release = await acquireStdioSlot(commands.maxProcesses, deadline.signal);
      } else if (endpoint) {
        const blocked = checkOutboundUrl(outbound, endpoint.url);
        if (blocked) throw blocked;
      }
      await deadline.race(client.connect(transport, deadline.requestOptions()));
    },
    async close(politely) {
      try {
        await closeQuietly(client, transport, politely);
      } finally {
        release();
      }
    },
  };
}

/**
 * A connected client, with how it was reached.
 *
 * @example
 * const connection: McpConnection = await connectMcpClient(config, deadline, info);
 */
export interface McpConnection {
  readonly handle: McpClientHandle;
  /** The transport that worked (`sse` after a fallback). */
  readonly kind: McpTransport;
}

/**
 * Connects to the server `config` describes, under `deadline`: `streamable_http` falls back to
 * SSE when the server answers the streamable POST in a way that says it does not speak it (see
 * `shouldFallBackToSse`). On failure the client is closed and the error of the last attempt is
 * thrown, with the stdio server's stderr tail (if any) as `stderrTail` on a thrown
 * {@link McpConnectError}.
 *
 * @example
 * const { handle } = await connectMcpClient(config, deadline, { name: 'agent-studio-runner', version: '0.1.0' });
 * try { await handle.client.callTool({ name: 'echo', arguments: {} }); } finally { await handle.close(true); }
 */
export async function connectMcpClient(
  config: McpProbeConfig,
  deadline: ProbeDeadline,
  clientInfo: McpClientInfo,
  policies: McpClientPolicies = {},
): Promise<McpConnection> {
  const endpoint = config.transport === 'stdio' ? undefined : resolveHttpEndpoint(config);
  const attempt = async (kind: McpTransport): Promise<McpConnection> => {
    const handle = openMcpClient(kind, config, endpoint, clientInfo, policies);
    try {
      await handle.connect(deadline);
      return { handle, kind };
    } catch (error) {
      const stderrTail = handle.stderrTail();
      await handle.close(false);
      throw new McpConnectError(error, stderrTail);
    }
  };
  if (config.transport !== 'streamable_http') return attempt(config.transport);
  try {
    return await attempt('streamable_http');
  } catch (error) {
    const cause = error instanceof McpConnectError ? error.cause : error;
    if (deadline.signal.aborted || !shouldFallBackToSse(cause)) throw error;
    return attempt('sse');
  }
}

/**
 * A failed connect: `cause` is what the SDK threw, `stderrTail` what a stdio server printed.
 *
 * @example
 * catch (e) { if (e instanceof McpConnectError) console.log(e.cause); }
 */
export class McpConnectError extends Error {
  override readonly name = 'McpConnectError';
  constructor(
    override readonly cause: unknown,
    readonly stderrTail: string,
  ) {
    super('could not connect to the MCP server');
  }
}

async function closeQuietly(client: Client, transport: Transport, politely: boolean): Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const delay = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      timers.push(timer);
    });
  // End a streamable-HTTP session politely (HTTP DELETE; a 405 is fine), but never wait long:
  // client.close() aborts whatever is still in flight.
  const terminate =
    politely && transport instanceof StreamableHTTPClientTransport && transport.sessionId
      ? Promise.race([transport.terminateSession().catch(() => undefined), delay(CLOSE_GRACE_MS / 2)])
      : Promise.resolve();
  const close = terminate.then(() => client.close().catch(() => undefined));
  try {
    await Promise.race([close, delay(CLOSE_GRACE_MS)]);
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}
