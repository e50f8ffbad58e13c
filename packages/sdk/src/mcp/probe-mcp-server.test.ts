import { afterEach, describe, expect, it } from 'vitest';
import {
  closedPortUrl,
  startHangingServer,
  startSseServer,
  startStaticServer,
  startStalledSseServer,
  startStreamableHttpServer,
  STDIO_SERVER_FIXTURE,
  type LoopbackServer,
} from '@agent-studio/test-servers';
import { DEFAULT_MCP_HEALTH_POLICY } from './health-policy.js';
import { nextHealthState } from './health-state.js';
import type { McpProbeConfig } from './probe-config.js';
import { probeMcpServer } from './probe-mcp-server.js';
import { mcpProbeResultSchema, type McpProbeFailure, type McpProbeResult, type McpProbeSuccess } from './probe-result.js';

const DEADLINE_MS = 5_000;
const SHORT_DEADLINE_MS = 1_000;
/** Slack for "the deadline held": generous, this is not a timing benchmark. */
const DEADLINE_SLACK_MS = 2_000;

const servers: LoopbackServer[] = [];
async function serve(start: Promise<LoopbackServer>): Promise<LoopbackServer> {
  const server = await start;
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function expectOk(result: McpProbeResult): McpProbeSuccess {
  expect(mcpProbeResultSchema.parse(result)).toEqual(result);
  if (!result.ok) expect.fail(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result;
}
function expectFailure(result: McpProbeResult, kind: McpProbeFailure['error']['kind']): McpProbeFailure {
  expect(mcpProbeResultSchema.parse(result)).toEqual(result);
  if (result.ok) expect.fail(`expected ${kind}, got ok`);
  expect(result.error.kind, result.error.message).toBe(kind);
  return result;
}
async function timed(probe: Promise<McpProbeResult>): Promise<{ result: McpProbeResult; elapsedMs: number }> {
  const startedAt = performance.now();
  const result = await probe;
  return { result, elapsedMs: performance.now() - startedAt };
}

describe('probeMcpServer over streamable HTTP', () => {
  it('reports a healthy server: server info, protocol version, tools', async () => {
    const server = await serve(startStreamableHttpServer({ name: 'healthy', toolCount: 3 }));
    const result = expectOk(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }));

    expect(result.transport).toBe('streamable_http');
    expect(result.serverInfo).toEqual({ name: 'healthy', version: '1.2.3' });
    expect(result.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(result.ping).toBe('ok');
    expect(result.toolCount).toBe(3);
    expect(result.toolsTruncated).toBe(false);
    expect(result.tools.map((tool) => tool.name)).toEqual(['tool-0', 'tool-1', 'tool-2']);
    expect(result.tools[0]).toMatchObject({ description: 'Test tool number 0', inputSchema: { type: 'object' } });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(nextHealthState({ status: 'unknown', consecutiveFailures: 0 }, result).status).toBe('healthy');
  });

  it('caps the tool list', async () => {
    const server = await serve(startStreamableHttpServer({ toolCount: 520 }));
    const result = expectOk(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }));
    expect(result.tools).toHaveLength(500);
    expect(result.toolCount).toBe(520);
    expect(result.toolsTruncated).toBe(true);
  });

  it('accepts a server without tools (tools/list not asked)', async () => {
    const server = await serve(startStreamableHttpServer({ toolCount: 0 }));
    const result = expectOk(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }));
    expect(result.tools).toEqual([]);
    expect(result.ping).toBe('ok');
  });

  it('falls back to SSE when the server only speaks the older SSE transport', async () => {
    const server = await serve(startSseServer({ name: 'legacy-sse' }));
    const result = expectOk(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }));
    expect(result.transport).toBe('sse');
    expect(result.serverInfo.name).toBe('legacy-sse');
    expect(result.tools).toHaveLength(2);
  });

  it('reports a slow server that answers within the deadline as ok, and degraded by policy', async () => {
    const server = await serve(startStreamableHttpServer({ toolsListDelayMs: 400 }));
    const result = expectOk(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }));
    expect(result.latencyMs).toBeGreaterThanOrEqual(400);
    const policy = { ...DEFAULT_MCP_HEALTH_POLICY, degradedLatencyMs: 200 };
    expect(nextHealthState({ status: 'healthy', consecutiveFailures: 0 }, result, policy).status).toBe('degraded');
  });

  it('holds the deadline against a server that accepts TCP and never answers', async () => {
    const server = await serve(startHangingServer());
    const { result, elapsedMs } = await timed(
      probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: SHORT_DEADLINE_MS }),
    );
    expectFailure(result, 'timeout');
    expect(elapsedMs).toBeLessThan(SHORT_DEADLINE_MS + DEADLINE_SLACK_MS);
  });

  it('holds the deadline when the server initializes but never answers tools/list', async () => {
    const server = await serve(startStreamableHttpServer({ toolsList: 'hang' }));
    const { result, elapsedMs } = await timed(
      probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: SHORT_DEADLINE_MS }),
    );
    const failure = expectFailure(result, 'timeout');
    expect(failure.error.message).toContain('tools/list');
    expect(elapsedMs).toBeLessThan(SHORT_DEADLINE_MS + DEADLINE_SLACK_MS);
  });

  it('reports JSON-RPC errors to tools/list as protocol_error', async () => {
    const server = await serve(startStreamableHttpServer({ toolsList: 'error' }));
    const failure = expectFailure(
      await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }),
      'protocol_error',
    );
    expect(failure.error.message).toContain('tool registry unavailable');
  });

  it('tolerates a server that does not implement ping (tools/list proves health)', async () => {
    const server = await serve(startStreamableHttpServer({ ping: 'unsupported' }));
    const result = expectOk(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }));
    expect(result.ping).toBe('unsupported');
    expect(nextHealthState({ status: 'healthy', consecutiveFailures: 0 }, result).status).toBe('healthy');
  });

  it('reports a server that never answers ping as ok with ping timeout, which the policy calls degraded', async () => {
    const server = await serve(startStreamableHttpServer({ ping: 'hang' }));
    const result = expectOk(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: 2_000 }));
    expect(result.ping).toBe('timeout');
    expect(result.tools).toHaveLength(2);
    expect(nextHealthState({ status: 'healthy', consecutiveFailures: 0 }, result).status).toBe('degraded');
  });

  it('reports a closed port as refused', async () => {
    const url = await closedPortUrl();
    expectFailure(await probeMcpServer({ transport: 'streamable_http', url }, { deadlineMs: DEADLINE_MS }), 'refused');
  });

  it('reports a plain web page as not_mcp', async () => {
    const server = await serve(startStaticServer(200, { 'content-type': 'text/html' }, '<html><body>Hello</body></html>'));
    expectFailure(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }), 'not_mcp');
  });

  it('reports JSON that is not JSON-RPC as not_mcp', async () => {
    const server = await serve(startStaticServer(200, { 'content-type': 'application/json' }, '{"hello":"world"}'));
    expectFailure(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }), 'not_mcp');
  });

  it('reports a 404 as not_mcp', async () => {
    const server = await serve(startStaticServer(404, { 'content-type': 'text/plain' }, 'nothing here'));
    expectFailure(await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }), 'not_mcp');
  });

  it('reports a 401 as auth (no SSE fallback)', async () => {
    const server = await serve(startStaticServer(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' }, 'unauthorized'));
    const failure = expectFailure(
      await probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: DEADLINE_MS }),
      'auth',
    );
    expect(failure.error.message).toContain('401');
  });

  it('reports an invalid configuration without throwing', async () => {
    const failure = expectFailure(await probeMcpServer({ transport: 'streamable_http' }, { deadlineMs: DEADLINE_MS }), 'unknown');
    expect(failure.error.message).toContain('url');
  });

  it('stops when the caller aborts', async () => {
    const server = await serve(startHangingServer());
    const controller = new AbortController();
    const probe = probeMcpServer({ transport: 'streamable_http', url: server.url }, { deadlineMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const failure = expectFailure(await probe, 'unknown');
    expect(failure.error.message).toContain('cancelled');
  });
});

describe('probeMcpServer over SSE', () => {
  it('reports a healthy SSE server', async () => {
    const server = await serve(startSseServer({ name: 'sse-only' }));
    const result = expectOk(await probeMcpServer({ transport: 'sse', url: server.url }, { deadlineMs: DEADLINE_MS }));
    expect(result.transport).toBe('sse');
    expect(result.serverInfo.name).toBe('sse-only');
    expect(result.protocolVersion).not.toBe('');
  });

  it('holds the deadline when the event stream opens but never sends its endpoint', async () => {
    const server = await serve(startStalledSseServer());
    const { result, elapsedMs } = await timed(probeMcpServer({ transport: 'sse', url: server.url }, { deadlineMs: SHORT_DEADLINE_MS }));
    expectFailure(result, 'timeout');
    expect(elapsedMs).toBeLessThan(SHORT_DEADLINE_MS + DEADLINE_SLACK_MS);
  });

  it('holds the deadline against a server that never answers', async () => {
    const server = await serve(startHangingServer());
    const { result, elapsedMs } = await timed(probeMcpServer({ transport: 'sse', url: server.url }, { deadlineMs: SHORT_DEADLINE_MS }));
    expectFailure(result, 'timeout');
    expect(elapsedMs).toBeLessThan(SHORT_DEADLINE_MS + DEADLINE_SLACK_MS);
  });

  it('reports a closed port as refused', async () => {
    const url = await closedPortUrl();
    expectFailure(await probeMcpServer({ transport: 'sse', url }, { deadlineMs: DEADLINE_MS }), 'refused');
  });

  it('reports a 401 as auth', async () => {
    const server = await serve(startStaticServer(401, { 'www-authenticate': 'Bearer' }, 'unauthorized'));
    expectFailure(await probeMcpServer({ transport: 'sse', url: server.url }, { deadlineMs: DEADLINE_MS }), 'auth');
  });

  it('reports a plain web page as not_mcp', async () => {
    const server = await serve(startStaticServer(200, { 'content-type': 'text/html' }, '<html></html>'));
    expectFailure(await probeMcpServer({ transport: 'sse', url: server.url }, { deadlineMs: DEADLINE_MS }), 'not_mcp');
  });
});

describe('probeMcpServer over stdio', () => {
  const stdio = (mode: string, extra: Partial<McpProbeConfig> = {}): McpProbeConfig => ({
    transport: 'stdio',
    command: process.execPath,
    args: [STDIO_SERVER_FIXTURE, mode],
    ...extra,
  });

  it('reports a healthy stdio server', async () => {
    const result = expectOk(await probeMcpServer(stdio('ok'), { deadlineMs: DEADLINE_MS }));
    expect(result.transport).toBe('stdio');
    expect(result.serverInfo).toEqual({ name: 'stdio-fixture', version: '0.0.1' });
    expect(result.tools.map((tool) => tool.name)).toEqual(['echo', 'env']);
  });

  it('reports a command that does not exist as refused', async () => {
    expectFailure(
      await probeMcpServer(
        { transport: 'stdio', command: '/nonexistent/agent-studio-mcp-server' },
        { deadlineMs: DEADLINE_MS, commands: { commands: ['/nonexistent/agent-studio-mcp-server'], maxProcesses: 1 } },
      ),
      'refused',
    );
  });

  it('holds the deadline against a process that never answers', async () => {
    const { result, elapsedMs } = await timed(probeMcpServer(stdio('hang'), { deadlineMs: SHORT_DEADLINE_MS }));
    expectFailure(result, 'timeout');
    expect(elapsedMs).toBeLessThan(SHORT_DEADLINE_MS + DEADLINE_SLACK_MS);
  });
});

describe('probe error messages never carry secrets', () => {
  const SECRETS = ['SECRET-123', 'SECRET-456', 'SECRET-789', 'hunter2-password'];
  function expectNoSecrets(result: McpProbeResult): void {
    const serialized = JSON.stringify(result);
    for (const secret of SECRETS) expect(serialized).not.toContain(secret);
  }

  it('scrubs a 401 body that echoes the Authorization header and the query string', async () => {
    const server = await serve(
      startStaticServer(401, { 'www-authenticate': 'Bearer' }, (req) => `denied ${req.headers.authorization ?? ''} for ${req.url ?? ''}`),
    );
    const result = await probeMcpServer(
      {
        transport: 'streamable_http',
        url: `${server.url}?api_key=SECRET-789`,
        headers: { Authorization: 'Bearer SECRET-123' },
        env: { TOKEN: 'SECRET-456' },
      },
      { deadlineMs: DEADLINE_MS },
    );
    const failure = expectFailure(result, 'auth');
    expect(failure.error.message).toContain('***');
    expectNoSecrets(result);
  });

  it('scrubs URL credentials and query strings from refused errors', async () => {
    const url = new URL(await closedPortUrl());
    url.username = 'admin';
    url.password = 'hunter2-password';
    url.search = '?token=SECRET-789';
    const result = await probeMcpServer(
      { transport: 'sse', url: url.href, headers: { Authorization: 'Bearer SECRET-123' } },
      { deadlineMs: DEADLINE_MS },
    );
    expectFailure(result, 'refused');
    expectNoSecrets(result);
  });

  it('scrubs env values a crashing stdio server writes to stderr', async () => {
    const result = await probeMcpServer(
      {
        transport: 'stdio',
        command: process.execPath,
        args: [STDIO_SERVER_FIXTURE, 'crash', '--token', 'SECRET-456'],
        env: { TOKEN: 'SECRET-456' },
        headers: { Authorization: 'Bearer SECRET-123' },
      },
      { deadlineMs: DEADLINE_MS },
    );
    const failure = expectFailure(result, 'refused');
    expect(failure.error.message).toContain('fatal: cannot start');
    expectNoSecrets(result);
  });
});
