import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonValue, McpServer } from '@agent-studio/db/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callFunction, functionRow, mcpServerRow, stepFailure, type CallOptions } from '../../../test/runtime-test-helpers.js';
import {
  closedPortUrl,
  startSseServer,
  startStaticServer,
  startStreamableHttpServer,
  STDIO_SERVER_FIXTURE,
  type LoopbackServer,
} from '@agent-studio/test-servers';
import { executeFunction } from './function-call.js';

/** Headers of every request, and the POSTs still open (with a promise of when each closes). */
const requests: IncomingMessage['headers'][] = [];
const openPosts = new Set<Promise<number>>();
function onRequest(req: IncomingMessage, res: ServerResponse): void {
  requests.push(req.headers);
  if (req.method !== 'POST') return;
  const closed = new Promise<number>((resolve) => res.on('close', () => resolve(performance.now())));
  openPosts.add(closed);
  void closed.then(() => openPosts.delete(closed));
}

let streamable: LoopbackServer;
let sse: LoopbackServer;
beforeAll(async () => {
  [streamable, sse] = await Promise.all([
    startStreamableHttpServer({ runnerTools: true, onRequest }),
    startSseServer({ runnerTools: true, onRequest }),
  ]);
});
afterAll(async () => {
  await Promise.all([streamable.close(), sse.close()]);
});

function callTool(server: McpServer, tool: string, args: JsonValue, options: CallOptions = {}): Promise<JsonValue> {
  const fn = functionRow('mcp_tool', {}, { mcpServerId: server.id, mcpToolName: tool });
  return callFunction(fn, args, { timeoutMs: 10_000, mcpServer: server, ...options });
}

const failure = stepFailure;

describe('mcp_tool executor', () => {
  it('calls the tool over streamable HTTP and returns its structuredContent, sending the stored headers', async () => {
    const server = mcpServerRow({ transport: 'streamable_http', url: streamable.url, headers: { Authorization: 'Bearer tok-12345678', 'X-Tenant': 'acme' } });
    const before = requests.length;
    expect(await callTool(server, 'echo_args', { q: 'refunds', n: 2 })).toEqual({ received: { q: 'refunds', n: 2 } });
    const seen = requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    for (const headers of seen) {
      expect(headers.authorization).toBe('Bearer tok-12345678');
      expect(headers['x-tenant']).toBe('acme');
    }
  });

  it('returns the content array when there is no structuredContent', async () => {
    const server = mcpServerRow({ transport: 'streamable_http', url: streamable.url });
    expect(await callTool(server, 'text_only', { text: 'hi' })).toEqual([{ type: 'text', text: 'you said hi' }]);
  });

  it('falls back to SSE for a server that only speaks SSE, and uses the sse transport directly', async () => {
    const fallback = mcpServerRow({ transport: 'streamable_http', url: sse.url });
    expect(await callTool(fallback, 'echo_args', { a: 1 })).toEqual({ received: { a: 1 } });
    const direct = mcpServerRow({ transport: 'sse', url: sse.url, headers: { 'X-Tenant': 'sse-tenant' } });
    const before = requests.length;
    expect(await callTool(direct, 'text_only', { text: 'x' })).toEqual([{ type: 'text', text: 'you said x' }]);
    expect(requests.slice(before).every((headers) => headers['x-tenant'] === 'sse-tenant')).toBe(true);
  });

  it('isError: true is a non-retryable tool_error with the tool text, scrubbed of header values', async () => {
    const server = mcpServerRow({ transport: 'streamable_http', url: streamable.url, headers: { 'X-Key': 'super-secret-key' } });
    const error = await failure(callTool(server, 'fail', { reason: 'disk full, key super-secret-key' }));
    expect(error.code).toBe('tool_error');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('tool "fail" failed: it broke: disk full, key ***');
  });

  it('an unknown tool or bad arguments is a tool_error', async () => {
    const server = mcpServerRow({ transport: 'streamable_http', url: streamable.url });
    expect((await failure(callTool(server, 'no_such_tool', {}))).code).toBe('tool_error');
    expect((await failure(callTool(server, 'text_only', { text: 42 }))).code).toBe('tool_error');
    expect((await failure(callTool(server, 'echo_args', [1, 2]))).code).toBe('invalid_input');
  });

  it('an abort mid-call is cancelled within a second and the server sees the connection close', async () => {
    const server = mcpServerRow({ transport: 'streamable_http', url: streamable.url });
    const controller = new AbortController();
    const pending = failure(callTool(server, 'slow', { ms: 30_000 }, { signal: controller.signal, timeoutMs: 60_000 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // the tools/call POST is held open by the slow tool
    const inFlight = [...openPosts];
    expect(inFlight.length).toBe(1);
    const abortedAt = performance.now();
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('cancelled');
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect((await inFlight[0]!) - abortedAt).toBeLessThan(1_000);
  });

  it('a slow tool hits the step timeout', async () => {
    const server = mcpServerRow({ transport: 'streamable_http', url: streamable.url });
    const started = performance.now();
    const error = await failure(callTool(server, 'slow', { ms: 30_000 }, { timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('a closed port is refused; an HTTP error status is classified', async () => {
    const closed = mcpServerRow({ transport: 'streamable_http', url: await closedPortUrl() });
    const refused = await failure(callTool(closed, 'echo_args', {}));
    expect(refused.code).toBe('refused');
    expect(refused.retryable).toBe(true);
    const broken = await startStaticServer(503, { 'content-type': 'text/plain' }, 'down');
    try {
      const error = await failure(callTool(mcpServerRow({ transport: 'streamable_http', url: broken.url }), 'echo_args', {}));
      expect(error).toMatchObject({ code: 'http_status', status: 503, retryable: true });
    } finally {
      await broken.close();
    }
  });

  it('refuses a stdio server unless its command is allowed, before starting anything', async () => {
    const server = mcpServerRow({ transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'ok'], env: { TOKEN: 'stdio-token-1' } });
    // an empty allow-list (the default of MCP_STDIO_COMMANDS; the test workers allow their node)
    const blocked = await failure(callTool(server, 'env', {}, { deps: { stdioCommands: [] } }));
    expect(blocked.code).toBe('blocked');
    expect(blocked.retryable).toBe(false);
    expect((await failure(callTool(server, 'env', {}, { deps: { stdioCommands: ['/usr/bin/other'] } }))).code).toBe('blocked');
  });

  it('runs an allowed stdio server with its stored env', async () => {
    const server = mcpServerRow({ transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'ok'], env: { TOKEN: 'stdio-token-1' } });
    const deps = { stdioCommands: [process.execPath] };
    expect(await callTool(server, 'env', {}, { deps })).toEqual({ token: 'stdio-token-1' });
    expect(await callTool(server, 'echo', { text: 'over stdio' }, { deps })).toEqual([{ type: 'text', text: 'over stdio' }]);
  });

  it('runs a stdio server with its secret args put back, and keeps them out of the step error', async () => {
    const secret = 'STEP-SECRET-ARG-7c1e';
    const deps = { stdioCommands: [process.execPath] };
    const ok = mcpServerRow({ transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'ok', '••••••'], argsSecret: { '2': secret } });
    // the fixture's env tool answers with the arguments it was started with: the real value, not the mask
    expect(await callTool(ok, 'env', {}, { deps })).toEqual({ token: null, args: [secret] });
    const crash = mcpServerRow({ transport: 'stdio', command: process.execPath, args: [STDIO_SERVER_FIXTURE, 'crash', '••••••'], argsSecret: { '2': secret } });
    const error = await failure(callTool(crash, 'echo', { text: 'hi' }, { deps }));
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(secret);
  });

  it('refuses a disabled server and a function without its server', async () => {
    const disabled = mcpServerRow({ transport: 'streamable_http', url: streamable.url, enabled: false });
    expect((await failure(callTool(disabled, 'echo_args', {}))).code).toBe('blocked');
    const error = await failure(
      executeFunction({
        fn: functionRow('mcp_tool', {}, { mcpToolName: 'echo_args' }),
        mcpServer: null,
        args: {},
        signal: new AbortController().signal,
        timeoutMs: 1_000,
        idempotencyKey: 'k',
      }),
    );
    expect(error.code).toBe('invalid_input');
  });
});
