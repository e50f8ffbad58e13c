/**
 * MCP probes on a listening API: a test-connection probe stops when its HTTP client disconnects
 * (the MCP server sees the probe's connection close long before the probe's deadline), and past
 * MAX_CONCURRENT_PROBES a probe is a 503 with Retry-After.
 */
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';

let ctx: ApiTestContext;
let api: Server;
let hanging: Server;
let apiPort = 0;
let mcpUrl = '';
/** Requests the hanging MCP server received and whether each one's connection has closed. */
const arrived: { closed: boolean; at: number }[] = [];

beforeAll(async () => {
  ctx = await createApiTestContext({ env: { MAX_CONCURRENT_PROBES: '2' } });
  // an "MCP server" that reads each request and never answers
  hanging = createServer((req: IncomingMessage) => {
    const entry = { closed: false, at: 0 };
    arrived.push(entry);
    req.resume();
    req.socket.once('close', () => {
      entry.closed = true;
      entry.at = Date.now();
    });
  });
  hanging.listen(0, '127.0.0.1');
  await new Promise((r) => hanging.once('listening', r));
  mcpUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/mcp`;
  api = ctx.app.listen(0, '127.0.0.1');
  await new Promise((r) => api.once('listening', r));
  apiPort = (api.address() as AddressInfo).port;
});
afterAll(async () => {
  hanging?.closeAllConnections();
  await Promise.all([new Promise((r) => hanging?.close(r)), new Promise((r) => api?.close(r))]);
  await ctx?.close();
});

function probe(): { req: ClientRequest; done: Promise<{ status: number; retryAfter?: string }> } {
  const body = JSON.stringify({ transport: 'streamable_http', url: mcpUrl });
  const req = httpRequest({
    host: '127.0.0.1', port: apiPort, method: 'POST', path: '/api/v1/mcp-servers/test-connection?deadlineMs=20000',
    headers: { ...ctx.auth, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
  });
  const done = new Promise<{ status: number; retryAfter?: string }>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
    });
    req.on('error', () => resolve({ status: 0 }));
  });
  req.end(body);
  return { req, done };
}

async function until(check: () => boolean, withinMs: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('MCP probes are bounded', () => {
  it('past the cap a probe is a 503; a probe whose client disconnects stops at once', async () => {
    const first = probe();
    const second = probe();
    await until(() => arrived.length >= 2, 5_000);
    const third = await probe().done;
    expect(third.status).toBe(503);
    expect(third.retryAfter).toBe('1');

    const disconnectedAt = Date.now();
    first.req.destroy();
    second.req.destroy();
    await until(() => arrived.slice(0, 2).every((a) => a.closed), 3_000);
    expect(Math.max(...arrived.slice(0, 2).map((a) => a.at)) - disconnectedAt).toBeLessThan(3_000); // deadline was 20 s

    // the gate is free again
    await until(() => arrived.length >= 2, 1_000);
    const again = probe();
    await until(() => arrived.length >= 3, 5_000);
    again.req.destroy();
  });
});
