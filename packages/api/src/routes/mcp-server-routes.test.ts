import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamableHttpServer, type LoopbackServer } from '@agent-studio/test-servers';
import { type ApiTestContext, type Page, authedClient, createApiTestContext, expectProblem, operationCoverage } from '../../test/api-test-context.js';

interface McpServer {
  id: string;
  name: string;
  status: string;
  version: number;
  headers: Record<string, string>;
  env: Record<string, string>;
  toolCount: number | null;
}

const SECRET_HEADER = 'hdr-secret-7f3a9c1e5b';
const SECRET_ENV = 'env-secret-2d8e4b6a0c';
const missing = '00000000-0000-4000-8000-000000000000';

let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;
let mcp: LoopbackServer;

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'mcp-servers');
  mcp = await startStreamableHttpServer({ name: 'api-test-mcp', toolCount: 3 });
});
afterAll(async () => {
  await mcp?.close();
  await ctx?.close();
});

const { get, post, patch, del } = authedClient(() => ctx);

/** Every response of this file goes through here: it must never carry a stored secret. */
function noSecrets(res: request.Response): request.Response {
  expect(res.text).not.toContain(SECRET_HEADER);
  expect(res.text).not.toContain(SECRET_ENV);
  expect(JSON.stringify(res.headers)).not.toContain(SECRET_HEADER);
  return res;
}

async function createHttpServer(name: string): Promise<McpServer> {
  const res = noSecrets(
    await post('/mcp-servers', {
      name,
      transport: 'streamable_http',
      url: mcp.url,
      headers: { Authorization: `Bearer ${SECRET_HEADER}`, 'X-Team': 'blue' },
      checkIntervalSeconds: 30,
    }),
  );
  return cov.ok<McpServer>(res, 201);
}

describe('mcp servers: CRUD without secrets', () => {
  it('POST /mcp-servers registers a server, masking header and env values', async () => {
    const res = noSecrets(
      await post('/mcp-servers', {
        name: 'stdio-one',
        transport: 'stdio',
        command: process.execPath,
        args: ['server.js'],
        env: { TOKEN: SECRET_ENV },
      }),
    );
    const stdio = cov.ok<McpServer>(res, 201);
    expect(stdio.env).toEqual({ TOKEN: expect.any(String) as string });
    expect(stdio.env.TOKEN).not.toBe(SECRET_ENV);
    expect(res.headers.location).toBe(`/api/v1/mcp-servers/${stdio.id}`);
    expect(res.headers.etag).toBe(`"${stdio.id}:1"`);

    const http = await createHttpServer('http-one');
    expect(Object.keys(http.headers).sort()).toEqual(['Authorization', 'X-Team']);
    expect(http.status).toBe('unknown');
  });

  it('GET /mcp-servers/:id and GET /mcp-servers never show secrets', async () => {
    const server = await createHttpServer('http-get');
    const one = noSecrets(await get(`/mcp-servers/${server.id}`));
    expect(cov.ok<McpServer>(one, 200).id).toBe(server.id);
    expect(one.headers.etag).toBe(`"${server.id}:1"`);
    const page = cov.ok<Page<McpServer>>(noSecrets(await get('/mcp-servers?sort=-name&limit=50')), 200);
    expect(page.pagination).toMatchObject({ limit: 50, offset: 0 });
    expect(page.data.map((s) => s.name)).toEqual([...page.data.map((s) => s.name)].sort().reverse());
    const filtered = cov.ok<Page<McpServer>>(noSecrets(await get('/mcp-servers?transport=stdio&skip=0')), 200);
    expect(filtered.data.every((s) => s.name.startsWith('stdio'))).toBe(true);
    expectProblem(await get('/mcp-servers?sort=headers'), 422);
    expectProblem(await get('/mcp-servers?limit=101'), 422);
  });

  it('PATCH /mcp-servers/:id keeps masked secrets and bumps the ETag', async () => {
    const server = await createHttpServer('http-patch');
    const res = noSecrets(
      await patch(`/mcp-servers/${server.id}`, { description: 'patched', headers: server.headers }).set('If-Match', `"${server.id}:1"`),
    );
    expect(cov.ok<McpServer>(res, 200)).toMatchObject({ version: 2, description: 'patched' });
    expect(res.headers.etag).toBe(`"${server.id}:2"`);
    // the masked value kept the real header: the probe still authenticates (nothing echoes it back)
    expectProblem(await patch(`/mcp-servers/${server.id}`, { description: 'x' }).set('If-Match', `"${server.id}:1"`), 412);
  });

  it('DELETE /mcp-servers/:id answers 204', async () => {
    const server = await createHttpServer('http-delete');
    cov.ok(await del(`/mcp-servers/${server.id}`), 204);
    expectProblem(await get(`/mcp-servers/${server.id}`), 404);
  });

  it('GET /mcp-servers/health-summary counts servers per status', async () => {
    const summary = cov.ok<{ total: number; byStatus: Record<string, number> }>(noSecrets(await get('/mcp-servers/health-summary')), 200);
    expect(summary.total).toBeGreaterThan(0);
    expect(Object.keys(summary.byStatus).sort()).toEqual(['degraded', 'healthy', 'unknown', 'unreachable']);
  });
});

describe('mcp servers: probes and tools against a real loopback MCP server', () => {
  it('POST /mcp-servers/test-connection probes an unsaved configuration', async () => {
    const res = noSecrets(
      await post('/mcp-servers/test-connection?deadlineMs=10000', {
        transport: 'streamable_http',
        url: mcp.url,
        headers: { Authorization: `Bearer ${SECRET_HEADER}` },
      }),
    );
    const result = cov.ok<{ ok: boolean; tools: { name: string }[] }>(res, 200);
    expect(result.ok).toBe(true);
    expect(result.tools.map((t) => t.name).sort()).toEqual(['tool-0', 'tool-1', 'tool-2']);
    expectProblem(await post('/mcp-servers/test-connection?deadlineMs=5', { transport: 'streamable_http', url: mcp.url }), 422);
  });

  it('check, health checks, tools, refresh and import', async () => {
    const server = await createHttpServer('http-probe');
    const checked = cov.ok<{ server: McpServer; check: { status: string } }>(
      noSecrets(await post(`/mcp-servers/${server.id}/check`, { deadlineMs: 10_000 })),
      200,
    );
    expect(checked.server.status).toBe('healthy');
    expect(checked.check.status).toBe('healthy');

    const history = cov.ok<Page<{ status: string; mcpServerId: string }>>(
      noSecrets(await get(`/mcp-servers/${server.id}/health-checks?limit=5`)),
      200,
    );
    expect(history.pagination).toEqual({ total: 1, limit: 5, offset: 0 });
    expect(history.data[0]).toMatchObject({ status: 'healthy', mcpServerId: server.id });

    const refreshed = cov.ok<{ tools: { name: string }[]; check: unknown }>(
      noSecrets(await post(`/mcp-servers/${server.id}/tools/refresh`, {})),
      200,
    );
    expect(refreshed.tools.map((t) => t.name).sort()).toEqual(['tool-0', 'tool-1', 'tool-2']);
    const tools = cov.ok<{ mcpServerId: string; tools: unknown[]; toolCount: number }>(
      noSecrets(await get(`/mcp-servers/${server.id}/tools`)),
      200,
    );
    expect(tools).toMatchObject({ mcpServerId: server.id, toolCount: 3 });
    expect(tools.tools).toHaveLength(3);

    const imported = cov.ok<{ kind: string; name: string; mcpServerId: string; mcpToolName: string }>(
      noSecrets(await post(`/mcp-servers/${server.id}/tools/import`, { toolName: 'tool-1', functionName: 'imported_tool' })),
      201,
    );
    expect(imported).toMatchObject({ kind: 'mcp_tool', name: 'imported_tool', mcpServerId: server.id, mcpToolName: 'tool-1' });

    // errors around tools
    expectProblem(await post(`/mcp-servers/${server.id}/tools/import`, { toolName: 'no-such-tool' }), 404);
    expect(expectProblem(await post(`/mcp-servers/${server.id}/tools/import`, { toolName: 'tool-1', functionName: 'imported_tool' }), 409).reason).toBe(
      'unique',
    );
    // in use by the imported function
    expect(expectProblem(await del(`/mcp-servers/${server.id}`), 409).reason).toBe('in_use');
  });
});

describe('mcp servers: errors', () => {
  it('404 for a missing server on every :id operation', async () => {
    expectProblem(await get(`/mcp-servers/${missing}`), 404);
    expectProblem(await patch(`/mcp-servers/${missing}`, { version: 1 }), 404);
    expectProblem(await del(`/mcp-servers/${missing}`), 404);
    expectProblem(await post(`/mcp-servers/${missing}/check`, {}), 404);
    expectProblem(await get(`/mcp-servers/${missing}/health-checks`), 404);
    expectProblem(await get(`/mcp-servers/${missing}/tools`), 404);
    expectProblem(await post(`/mcp-servers/${missing}/tools/refresh`, {}), 404);
    expectProblem(await post(`/mcp-servers/${missing}/tools/import`, { toolName: 'x' }), 404);
  });

  it('409 for a taken name', async () => {
    await createHttpServer('taken-name');
    expectProblem(noSecrets(await post('/mcp-servers', { name: 'taken-name', transport: 'streamable_http', url: mcp.url })), 409);
  });

  it('422 with field paths (and never echoing the secret)', async () => {
    const problem = expectProblem(
      noSecrets(
        await post('/mcp-servers', {
          name: 'bad',
          transport: 'streamable_http',
          headers: { 'bad header': SECRET_HEADER },
          checkIntervalSeconds: 1,
        }),
      ),
      422,
    );
    const paths = problem.errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.checkIntervalSeconds']));
    expect(paths.some((p) => p.startsWith('body.headers') || p === 'body.url')).toBe(true);
    expectProblem(await get('/mcp-servers/xyz'), 422);
  });
});

it('covers every mcp-servers operation', () => {
  expect(cov.missing()).toEqual([]);
});
