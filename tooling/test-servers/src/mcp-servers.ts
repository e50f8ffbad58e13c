/**
 * Real MCP servers on loopback (127.0.0.1, port 0) for the tests of every package, built with
 * the MCP SDK's own server classes on plain `node:http` servers. Every starter returns
 * `{ url, close }`; `close()` ends every connection (including open SSE streams) and every MCP
 * server instance.
 *
 * @module
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/**
 * A running loopback server.
 *
 * @example
 * const server = await startStreamableHttpServer();
 * try { await probeMcpServer({ transport: 'streamable_http', url: server.url }); } finally { await server.close(); }
 */
export interface LoopbackServer {
  /** The URL to probe. */
  url: string;
  /** Stops the server and ends every connection. Idempotent. */
  close(): Promise<void>;
}

/**
 * How a test MCP server behaves.
 *
 * @example
 * const slow: McpBehaviour = { toolsListDelayMs: 400 };
 */
export interface McpBehaviour {
  /** serverInfo.name (default 'loopback-mcp'). */
  name?: string;
  /** How many tools to register (default 2). 0 registers none (no tools capability). */
  toolCount?: number;
  /** Names of the tools (default `tool-<i>`). */
  toolNames?: readonly string[];
  /** tools/list: answer normally, answer with a JSON-RPC error, or never answer. */
  toolsList?: 'ok' | 'error' | 'hang';
  /** Delay (ms) before a tools/list request reaches the MCP server. */
  toolsListDelayMs?: number;
  /** ping: answer normally, "method not found", or never answer. */
  ping?: 'ok' | 'unsupported' | 'hang';
  /**
   * Also register the run engine's test tools: `echo_args` (structuredContent = its arguments),
   * `text_only` (content only), `slow` `{ ms }`, `fail` (isError: true).
   */
  runnerTools?: boolean;
  /** Called with every HTTP request (to see headers, and a tools/call connection closing). */
  onRequest?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** The run engine's test tools (see {@link McpBehaviour.runnerTools}). */
function registerRunnerTools(server: McpServer): void {
  server.registerTool(
    'echo_args',
    { description: 'Returns its arguments as structured content', inputSchema: z.object({}).passthrough() },
    (args) => ({ content: [{ type: 'text', text: JSON.stringify(args) }], structuredContent: { received: args } }),
  );
  server.registerTool('text_only', { description: 'Answers with text content', inputSchema: { text: z.string() } }, ({ text }) => ({
    content: [{ type: 'text', text: `you said ${text}` }],
  }));
  server.registerTool(
    'slow',
    { description: 'Answers after ms milliseconds', inputSchema: { ms: z.number() } },
    async ({ ms }, extra) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        extra.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return { content: [{ type: 'text', text: 'done' }] };
    },
  );
  server.registerTool('fail', { description: 'Always fails', inputSchema: { reason: z.string() } }, ({ reason }) => ({
    isError: true,
    content: [{ type: 'text', text: `it broke: ${reason}` }],
  }));
}

/** Builds an McpServer with the given behaviour (one per session or per request). */
function buildMcpServer(behaviour: McpBehaviour): McpServer {
  const server = new McpServer({ name: behaviour.name ?? 'loopback-mcp', version: '1.2.3' });
  const toolCount = behaviour.toolNames?.length ?? behaviour.toolCount ?? 2;
  if (behaviour.toolsList === 'error') {
    server.server.registerCapabilities({ tools: {} });
    server.server.setRequestHandler(ListToolsRequestSchema, () => {
      throw new McpError(ErrorCode.InternalError, 'tool registry unavailable');
    });
  } else {
    for (let i = 0; i < toolCount; i += 1) {
      server.registerTool(
        behaviour.toolNames?.[i] ?? `tool-${i}`,
        { description: `Test tool number ${i}`, inputSchema: { text: z.string().describe('Any text') } },
        ({ text }) => ({ content: [{ type: 'text', text }] }),
      );
    }
  }
  if (behaviour.runnerTools) registerRunnerTools(server);
  if (behaviour.ping === 'unsupported') server.server.removeRequestHandler('ping');
  return server;
}

/** Tracks an http server's sockets so close() can end them all. */
async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function closer(server: Server, onClose: () => Promise<void> | void = () => undefined): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      await onClose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function methodsOf(body: unknown): string[] {
  const messages: unknown[] = Array.isArray(body) ? (body as unknown[]) : [body];
  return messages.flatMap((m) => (m && typeof m === 'object' && 'method' in m ? [String(m.method)] : []));
}

/**
 * Applies the HTTP-level parts of a behaviour to one POST: a delay before tools/list, or never
 * answering tools/list / ping. Returns false when the request must be left hanging.
 */
async function intercept(behaviour: McpBehaviour, body: unknown): Promise<boolean> {
  const methods = methodsOf(body);
  if (methods.includes('tools/list')) {
    if (behaviour.toolsList === 'hang') return false;
    if (behaviour.toolsListDelayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.toolsListDelayMs));
  }
  if (methods.includes('ping') && behaviour.ping === 'hang') return false;
  return true;
}

/**
 * A streamable-HTTP MCP server at `/mcp` (stateless: one McpServer and transport per POST; GET
 * and DELETE answer 405, as in the SDK's stateless example).
 *
 * @example
 * const server = await startStreamableHttpServer({ name: 'healthy', toolCount: 3 });
 */
export async function startStreamableHttpServer(behaviour: McpBehaviour = {}): Promise<LoopbackServer> {
  const live = new Set<McpServer>();
  const server = createHttpServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    behaviour.onRequest?.(req, res);
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const body = await readJson(req);
    if (!(await intercept(behaviour, body))) return; // never answer
    const mcp = buildMcpServer(behaviour);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    live.add(mcp);
    res.on('close', () => {
      live.delete(mcp);
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }
  const origin = await listen(server);
  return {
    url: `${origin}/mcp`,
    close: closer(server, async () => {
      await Promise.all([...live].map((mcp) => mcp.close()));
    }),
  };
}

/**
 * A legacy SSE-only MCP server: `GET /sse` opens the stream, `POST /messages?sessionId=…`
 * carries requests; anything else (including a streamable POST to /sse) is 405 / 404.
 *
 * @example
 * const server = await startSseServer(); // server.url ends in /sse
 */
export async function startSseServer(behaviour: McpBehaviour = {}): Promise<LoopbackServer> {
  const sessions = new Map<string, { transport: SSEServerTransport; mcp: McpServer }>();
  const server = createHttpServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    behaviour.onRequest?.(req, res);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sse') {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end('method not allowed');
        return;
      }
      const transport = new SSEServerTransport('/messages', res);
      const mcp = buildMcpServer(behaviour);
      sessions.set(transport.sessionId, { transport, mcp });
      res.on('close', () => {
        sessions.delete(transport.sessionId);
        void mcp.close();
      });
      await mcp.connect(transport);
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const session = sessions.get(url.searchParams.get('sessionId') ?? '');
      if (!session) {
        res.writeHead(404).end('unknown session');
        return;
      }
      const body = await readJson(req);
      if (!(await intercept(behaviour, body))) return;
      await session.transport.handlePostMessage(req, res, body);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
  const origin = await listen(server);
  return {
    url: `${origin}/sse`,
    close: closer(server, async () => {
      await Promise.all([...sessions.values()].map(({ mcp }) => mcp.close()));
      sessions.clear();
    }),
  };
}

/** A {@link startHangingServer}: also says how many connections it accepted and how many are still open. */
export interface HangingServer extends LoopbackServer {
  /** Connections accepted so far. */
  accepted(): number;
  /** Connections still open (the client has not closed them). */
  openConnections(): number;
}

/**
 * A TCP server that accepts connections and never answers (a hung MCP server). `accepted()` and
 * `openConnections()` let a test see a client give up: its connection closes.
 *
 * @example
 * const server = await startHangingServer();
 * // … probe server.url, abort …
 * expect(server.openConnections()).toBe(0);
 */
export async function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createNetServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.resume(); // read and drop what arrives, so the client closing its end is seen (close)
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    accepted: () => accepted,
    openConnections: () => sockets.size,
    close: () => {
      closing ??= (async () => {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

/**
 * An HTTP server that opens an event stream on every request and then never sends an event.
 *
 * @example
 * const server = await startStalledSseServer();
 */
export async function startStalledSseServer(): Promise<LoopbackServer> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': waiting forever\n\n');
  });
  const origin = await listen(server);
  return { url: `${origin}/sse`, close: closer(server) };
}

/**
 * An HTTP server that answers every request with the same status, headers and body.
 * `body` may be a function of the request (e.g. to echo what the client sent).
 *
 * @example
 * const page = await startStaticServer(200, { 'content-type': 'text/html' }, '<html></html>');
 */
export async function startStaticServer(
  status: number,
  headers: Record<string, string>,
  body: string | ((req: IncomingMessage) => string),
): Promise<LoopbackServer> {
  const server = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(status, headers).end(typeof body === 'function' ? body(req) : body);
  });
  const origin = await listen(server);
  return { url: `${origin}/mcp`, close: closer(server) };
}

/**
 * A loopback URL on which nothing listens (a port that was just freed).
 *
 * @example
 * const url = await closedPortUrl();
 */
export async function closedPortUrl(): Promise<string> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/mcp`;
}

/**
 * The stdio MCP server fixture (plain ESM, run with `process.execPath`); modes `ok`, `crash`, `hang`.
 *
 * @example
 * const config = { transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'ok'] } as const;
 */
export const STDIO_SERVER_FIXTURE = new URL('../fixtures/stdio-server.mjs', import.meta.url).pathname;
