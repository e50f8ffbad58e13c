/**
 * The monitor bench's MCP fleet: ONE child process hosting N real MCP servers on one loopback
 * `node:http` server, `/mcp/<n>` for n in [0, N), each a stateless streamable-HTTP `McpServer`
 * (the SDK's own server classes) with two tools. Every POST waits `latencyMs` before it is
 * answered, standing in for the network and server time of a remote MCP server.
 *
 * Run as `node dist/bench-mcp-host.js <count> <latencyMs>`; prints `READY <port>` on stdout and
 * exits when its stdin closes (the parent died) or on SIGTERM.
 *
 * @example
 * const child = spawn(process.execPath, [hostScript, '500', '100'], { stdio: ['pipe', 'pipe', 'inherit'] });
 *
 * @module
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const count = Number(process.argv[2] ?? 500);
const latencyMs = Number(process.argv[3] ?? 100);

function buildMcpServer(n: number): McpServer {
  const server = new McpServer({ name: `bench-mcp-${n}`, version: '1.0.0' });
  for (const tool of ['search', 'fetch']) {
    server.registerTool(tool, { description: `${tool} (server ${n})` }, () => ({ content: [{ type: 'text', text: tool }] }));
  }
  return server;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const match = /^\/mcp\/(\d+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
  const n = match ? Number(match[1]) : -1;
  if (n < 0 || n >= count) {
    res.writeHead(404).end('not found');
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  const body = await readBody(req);
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  const mcp = buildMcpServer(n);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    void transport.close();
    void mcp.close();
  });
  await mcp.connect(transport);
  await transport.handleRequest(req, res, body);
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500).end(String(error));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1');
await once(server, 'listening');
process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);

const shutdown = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.stdin.on('close', shutdown);
process.stdin.resume();
process.once('SIGTERM', shutdown);
