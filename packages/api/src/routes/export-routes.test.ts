import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, createKey, expectProblem, operationCoverage, type ApiTestContext } from '../../test/api-test-context.js';

const SECRET = 'Bearer EXPORT-ROUTE-SECRET-4f2a';

let source: ApiTestContext;
let target: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;

const api = (ctx: ApiTestContext) => ({
  get: (path: string) => request(ctx.app).get(`/api/v1${path}`).set(ctx.auth),
  post: (path: string, body: object) => request(ctx.app).post(`/api/v1${path}`).set(ctx.auth).send(body),
});

beforeAll(async () => {
  [source, target] = await Promise.all([createApiTestContext(), createApiTestContext()]);
  cov = operationCoverage(source.engine, 'export');
  const s = api(source);
  const server = await s.post('/mcp-servers', { name: 'search', transport: 'streamable_http', url: 'https://mcp.example.com/mcp', headers: { Authorization: SECRET } });
  expect(server.status, server.text).toBe(201);
  const fn = await s.post('/functions', { kind: 'mcp_tool', name: 'web_search', mcpServerId: (server.body as { id: string }).id, mcpToolName: 'search' });
  expect(fn.status, fn.text).toBe(201);
  const agent = await s.post('/agents', { name: 'support', model: 'openai/gpt-4o-mini', config: { b: 1, a: 2 } });
  expect(agent.status, agent.text).toBe(201);
  expect((await s.post(`/agents/${(agent.body as { id: string }).id}/functions`, { functionId: (fn.body as { id: string }).id })).status).toBe(201);
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

describe('GET /export, POST /import', () => {
  it('exports without secret values; imports into an empty database (dry run first), the same again changes nothing', async () => {
    const exported = await api(source).get('/export');
    const bundle = cov.ok<Record<string, unknown[]>>(exported, 200);
    expect(exported.text).not.toContain('EXPORT-ROUTE-SECRET');
    expect(exported.text).toContain('"secretRef":"MCP_SEARCH_HEADER_AUTHORIZATION"');

    const t = api(target);
    const dry = cov.ok<{ dryRun: boolean; created: number }>(
      await t.post('/import?dryRun=true', { ...bundle, secrets: { MCP_SEARCH_HEADER_AUTHORIZATION: SECRET } }),
      200,
    );
    expect(dry).toMatchObject({ dryRun: true, created: 3 });
    expect((await t.get('/export')).body).toMatchObject({ agents: [], mcpServers: [], functions: [] });

    const done = cov.ok(await t.post('/import', { ...bundle, secrets: { MCP_SEARCH_HEADER_AUTHORIZATION: SECRET } }), 200);
    expect(done).toMatchObject({ dryRun: false, created: 3, updated: 0 });
    expect((await t.get('/export')).body).toEqual(bundle);
    expect(cov.ok(await t.post('/import', bundle), 200)).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(cov.missing()).toEqual([]);
  });

  it('an invalid document is a 422 naming the field; nothing changes', async () => {
    const before = (await api(target).get('/export')).body as { agents: { name: string; model: string }[] };
    const res = await api(target).post('/import', { agents: [{ name: 'support', model: 'openai/other' }, { name: 'new', model: '' }] });
    const problem = expectProblem(res, 422) as { errors?: { path: string }[] };
    expect(problem.errors?.map((e) => e.path)).toEqual(['body.agents.1.model']);
    const missing = await api(target).post('/import', { functions: [{ name: 'tool', kind: 'mcp_tool', mcpServer: 'nowhere', mcpToolName: 'x' }] });
    expect((expectProblem(missing, 422) as { errors?: { path: string }[] }).errors?.map((e) => e.path)).toEqual(['body.functions.0.mcpServer']);
    expect((await api(target).get('/export')).body).toEqual(before);
  });

  it('import needs an admin key', async () => {
    const { key } = await createKey(target.engine, 'reader', 'read');
    const res = await request(target.app).post('/api/v1/import').set({ Authorization: `Bearer ${key}` }).send({});
    expectProblem(res, 403);
  });
});
