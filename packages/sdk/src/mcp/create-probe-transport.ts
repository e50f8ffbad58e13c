/**
 * Builds the SDK client transport for one probe attempt.
 *
 * @module
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpProbeConfig, McpTransport } from './probe-config.js';

/** Characters of a stdio server's stderr kept for error messages. */
const STDERR_TAIL_CHARS = 1_000;

/**
 * Where an HTTP server is reached: the URL without credentials, and the headers to send
 * (configured headers, plus `Authorization: Basic` from URL credentials when none is configured).
 *
 * @example
 * const endpoint = resolveHttpEndpoint({ transport: 'sse', url: 'https://u:p@host/sse' });
 * endpoint.url.href; // 'https://host/sse'
 */
export interface HttpEndpoint {
  url: URL;
  headers: Record<string, string>;
}

/**
 * Splits URL credentials off into an `Authorization` header (Node's fetch refuses URLs with
 * credentials).
 *
 * @example
 * resolveHttpEndpoint({ transport: 'streamable_http', url: 'http://127.0.0.1:3000/mcp', headers: { 'X-Key': 'k' } });
 */
export function resolveHttpEndpoint(config: McpProbeConfig): HttpEndpoint {
  const url = new URL(config.url ?? '');
  const headers: Record<string, string> = { ...(config.headers ?? {}) };
  if (url.username || url.password) {
    const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    if (!hasAuthorization) {
      const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.Authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    url.username = '';
    url.password = '';
  }
  return { url, headers };
}

/**
 * A transport plus what the probe needs to know about it afterwards.
 *
 * @example
 * const { transport, stderrTail } = createProbeTransport('stdio', config, endpoint);
 */
export interface ProbeTransport {
  transport: Transport;
  /** The last characters a stdio server wrote to stderr (empty for HTTP). */
  stderrTail: () => string;
}

/**
 * Creates the client transport of kind `kind` for `config`. A stdio server's stderr is piped and
 * its tail kept (not inherited), so a probe never writes to the caller's console; the command is
 * spawned directly, never through a shell. HTTP transports make every request (redirects
 * included) through `outboundFetch`, the outbound policy's fetch.
 *
 * @example
 * const { transport } = createProbeTransport('streamable_http', config, resolveHttpEndpoint(config), outboundFetchFor());
 */
export function createProbeTransport(
  kind: McpTransport,
  config: McpProbeConfig,
  endpoint: HttpEndpoint | undefined,
  outboundFetch: typeof fetch,
): ProbeTransport {
  if (kind === 'stdio') {
    const transport = new StdioClientTransport({
      command: config.command ?? '',
      args: config.args ?? [],
      env: config.env ?? {},
      stderr: 'pipe',
    });
    let tail = '';
    transport.stderr?.on('data', (chunk: Buffer | string) => {
      tail = (tail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
    });
    return { transport, stderrTail: () => tail.trim() };
  }
  if (!endpoint) throw new Error(`the ${kind} transport needs a url`);
  const requestInit: RequestInit = { headers: endpoint.headers };
  const transport =
    kind === 'sse'
      ? new SSEClientTransport(endpoint.url, { requestInit, fetch: outboundFetch })
      : new StreamableHTTPClientTransport(endpoint.url, {
          requestInit,
          fetch: outboundFetch,
          // A probe makes one attempt; the SDK's background stream reconnects would outlive it.
          reconnectionOptions: {
            maxRetries: 0,
            initialReconnectionDelay: 1_000,
            maxReconnectionDelay: 1_000,
            reconnectionDelayGrowFactor: 1,
          },
        });
  return { transport, stderrTail: () => '' };
}
