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
  /** Connects (transport start + `initialize`) under `deadline`. */
  connect(deadline: ProbeDeadline): Promise<void>;
  /**
   * Closes the client (a stdio process is ended), within a second. `politely` first ends a
   * streamable-HTTP session with an HTTP DELETE (skip it when the call was aborted).
   */
  close(politely: boolean): Promise<void>;
}

/**
 * Builds the client and transport of kind `kind` for `config` (see `createProbeTransport`).
 *
 * @example
 * const handle = openMcpClient('sse', config, resolveHttpEndpoint(config), { name: 'x', version: '1' });
 */
export function openMcpClient(
  kind: McpTransport,
  config: McpProbeConfig,
  endpoint: HttpEndpoint | undefined,
  clientInfo: McpClientInfo,
): McpClientHandle {
  const { transport, stderrTail } = createProbeTransport(kind, config, endpoint);
  const client = new Client(
    { name: clientInfo.name, version: clientInfo.version },
    { capabilities: {}, jsonSchemaValidator: (sharedValidator ??= new AjvJsonSchemaValidator()) },
  );
  // Transport errors also reject the pending request; keep them off the console.
  client.onerror = () => undefined;

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
    connect: (deadline) => deadline.race(client.connect(transport, deadline.requestOptions())),
    close: (politely) => closeQuietly(client, transport, politely),
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
export async function connectMcpClient(config: McpProbeConfig, deadline: ProbeDeadline, clientInfo: McpClientInfo): Promise<McpConnection> {
  const endpoint = config.transport === 'stdio' ? undefined : resolveHttpEndpoint(config);
  const attempt = async (kind: McpTransport): Promise<McpConnection> => {
    const handle = openMcpClient(kind, config, endpoint, clientInfo);
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
