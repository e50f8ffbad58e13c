import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, type Page, authedClient, createApiTestContext, expectProblem, operationCoverage } from '../../test/api-test-context.js';

interface Fn {
  id: string;
  name: string;
  kind: string;
  version: number;
  config: Record<string, unknown>;
  parameters: Record<string, unknown>;
}

let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;
const missing = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'functions');
});
afterAll(() => ctx?.close());

const { get, post, patch, del } = authedClient(() => ctx);

const httpFunction = (name: string) => ({
  kind: 'http',
  name,
  description: 'calls a webhook',
  parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
  config: { url: 'https://example.com/hook', method: 'POST' },
});

async function createFunction(name: string): Promise<Fn> {
  return cov.ok<Fn>(await post('/functions', httpFunction(name)), 201);
}

describe('functions: success paths', () => {
  it('POST /functions creates http and builtin functions with Location and ETag', async () => {
    const res = await post('/functions', httpFunction('webhook'));
    const fn = cov.ok<Fn>(res, 201);
    expect(fn).toMatchObject({ name: 'webhook', kind: 'http', version: 1, config: { url: 'https://example.com/hook', method: 'POST' } });
    expect(res.headers.location).toBe(`/api/v1/functions/${fn.id}`);
    expect(res.headers.etag).toBe(`"${fn.id}:1"`);

    const builtin = cov.ok<Fn>(await post('/functions', { kind: 'builtin', name: 'now', config: { name: 'current_time' } }), 201);
    expect(builtin).toMatchObject({ kind: 'builtin', parameters: { type: 'object', properties: {} } });
  });

  it('GET /functions/:id returns it with its ETag', async () => {
    const fn = await createFunction('getter');
    const res = await get(`/functions/${fn.id}`);
    expect(cov.ok<Fn>(res, 200)).toMatchObject({ id: fn.id, name: 'getter' });
    expect(res.headers.etag).toBe(`"${fn.id}:1"`);
  });

  it('PATCH /functions/:id updates (body version or If-Match)', async () => {
    const fn = await createFunction('patchable');
    const first = await patch(`/functions/${fn.id}`, { version: 1, description: 'new' });
    expect(cov.ok<Fn>(first, 200)).toMatchObject({ version: 2, description: 'new' });
    expect(first.headers.etag).toBe(`"${fn.id}:2"`);
    const second = await patch(`/functions/${fn.id}`, { name: 'patched' }).set('If-Match', `"${fn.id}:2"`);
    expect(cov.ok<Fn>(second, 200)).toMatchObject({ version: 3, name: 'patched' });
    expect(second.headers.etag).toBe(`"${fn.id}:3"`);
  });

  it('DELETE /functions/:id answers 204', async () => {
    const fn = await createFunction('deletable');
    cov.ok(await del(`/functions/${fn.id}`), 204);
    expectProblem(await get(`/functions/${fn.id}`), 404);
  });

  it('POST /functions/validate reports validity without saving', async () => {
    const valid = cov.ok<{ valid: boolean; issues: unknown[] }>(await post('/functions/validate', httpFunction('unsaved')), 200);
    expect(valid).toEqual({ valid: true, issues: [] });
    const invalid = cov.ok<{ valid: boolean; issues: { path: unknown[] }[] }>(
      await post('/functions/validate', { kind: 'http', name: 'bad name!', config: { url: 'ftp://x', method: 'GET' } }),
      200,
    );
    expect(invalid.valid).toBe(false);
    expect(invalid.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['name', 'config.url']));
    const list = cov.ok<Page<Fn>>(await get('/functions?search=unsaved'), 200);
    expect(list.pagination.total).toBe(0);
  });

  it('GET /functions lists with filters, whitelisted sort and skip', async () => {
    for (const name of ['sort_c', 'sort_a', 'sort_b']) await createFunction(name);
    const page = cov.ok<Page<Fn>>(await get('/functions?search=sort_&sort=name&limit=2&skip=1'), 200);
    expect(page.pagination).toEqual({ total: 3, limit: 2, offset: 1 });
    expect(page.data.map((f) => f.name)).toEqual(['sort_b', 'sort_c']);
    const builtins = cov.ok<Page<Fn>>(await get('/functions?kind=builtin'), 200);
    expect(builtins.data.every((f) => f.kind === 'builtin')).toBe(true);
    expect(expectProblem(await get('/functions?sort=config'), 422).errors?.map((e) => e.path)).toContain('query.sort');
    expect(expectProblem(await get('/functions?limit=1000'), 422).errors?.map((e) => e.path)).toContain('query.limit');
    expect(expectProblem(await get('/functions?kind=lambda'), 422).errors?.map((e) => e.path)).toContain('query.kind');
  });
});

describe('functions: errors', () => {
  it('404 for a missing function', async () => {
    expectProblem(await get(`/functions/${missing}`), 404);
    expectProblem(await patch(`/functions/${missing}`, { version: 1 }), 404);
    expectProblem(await del(`/functions/${missing}`), 404);
  });

  it('422 for a malformed id and for an invalid definition (with body paths)', async () => {
    expectProblem(await get('/functions/123'), 422);
    const problem = expectProblem(await post('/functions', { kind: 'http', name: 'x', config: { url: 'nope', method: 'GET' } }), 422);
    expect(problem.errors?.map((e) => e.path)).toContain('body.config.url');
    const noKind = expectProblem(await post('/functions', { name: 'x' }), 422);
    expect(noKind.errors?.map((e) => e.path)).toContain('body.kind');
  });

  it('422 for an mcp_tool function whose MCP server does not exist', async () => {
    const problem = expectProblem(
      await post('/functions', { kind: 'mcp_tool', name: 'ghost_tool', mcpServerId: missing, mcpToolName: 'ghost' }),
      422,
    );
    expect(problem.errors?.map((e) => e.path)).toContain('body.mcpServerId');
  });

  it('409 for a taken name', async () => {
    await createFunction('taken');
    expect(expectProblem(await post('/functions', httpFunction('taken')), 409).reason).toBe('unique');
  });

  it('409 deleting a function attached to an agent', async () => {
    const fn = await createFunction('in_use');
    const agent = await post('/agents', { name: 'user-of-fn', model: 'm' });
    expect(agent.status).toBe(201);
    expect((await post(`/agents/${(agent.body as { id: string }).id}/functions`, { functionId: fn.id })).status).toBe(201);
    expect(expectProblem(await del(`/functions/${fn.id}`), 409).reason).toBe('in_use');
  });

  it('412 for a stale If-Match', async () => {
    const fn = await createFunction('stale_fn');
    cov.ok(await patch(`/functions/${fn.id}`, { version: 1, description: 'v2' }), 200);
    expectProblem(await patch(`/functions/${fn.id}`, { description: 'v3' }).set('If-Match', `"${fn.id}:1"`), 412);
    expect(((await get(`/functions/${fn.id}`)).body as Fn).version).toBe(2);
  });
});

it('covers every functions operation', () => {
  expect(cov.missing()).toEqual([]);
});
