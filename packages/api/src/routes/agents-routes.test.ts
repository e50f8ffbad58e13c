import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, type Page, authedClient, createApiTestContext, expectProblem, operationCoverage } from '../../test/api-test-context.js';

interface Agent {
  id: string;
  name: string;
  model: string;
  version: number;
  status: string;
  temperature: number;
}

let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;
const API = '/api/v1';

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'agents');
});
afterAll(() => ctx?.close());

const { get, post, patch, del } = authedClient(() => ctx);

async function createAgent(name: string, extra: Record<string, unknown> = {}): Promise<Agent> {
  return cov.ok<Agent>(await post('/agents', { name, model: 'gpt-4o-mini', ...extra }), 201);
}

async function createFunction(name: string): Promise<{ id: string }> {
  const res = await post('/functions', { kind: 'builtin', name, config: { name: 'current_time' } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string };
}

describe('agents: success paths', () => {
  it('POST /agents creates an agent with Location and ETag', async () => {
    const res = await post('/agents', { name: 'Support', model: 'gpt-4o-mini', temperature: 0.3, config: { tone: 'kind' } });
    const agent = cov.ok<Agent>(res, 201);
    expect(agent).toMatchObject({ name: 'Support', model: 'gpt-4o-mini', temperature: 0.3, version: 1, status: 'active' });
    expect(res.headers.location).toBe(`/api/v1/agents/${agent.id}`);
    expect(res.headers.etag).toBe(`"${agent.id}:1"`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('GET /agents/:id returns the agent with its ETag', async () => {
    const agent = await createAgent('getter');
    const res = await get(`/agents/${agent.id}`);
    expect(cov.ok<Agent>(res, 200)).toMatchObject({ id: agent.id, name: 'getter' });
    expect(res.headers.etag).toBe(`"${agent.id}:1"`);
  });

  it('PATCH /agents/:id updates with a body version and with If-Match, bumping the ETag', async () => {
    const agent = await createAgent('patchable');
    const first = await patch(`/agents/${agent.id}`, { version: 1, description: 'v2' });
    expect(cov.ok<Agent>(first, 200)).toMatchObject({ version: 2, description: 'v2' });
    expect(first.headers.etag).toBe(`"${agent.id}:2"`);

    const second = await patch(`/agents/${agent.id}`, { model: 'gpt-4.1' }).set('If-Match', first.headers.etag!);
    expect(cov.ok<Agent>(second, 200)).toMatchObject({ version: 3, model: 'gpt-4.1' });
    expect(second.headers.etag).toBe(`"${agent.id}:3"`);
    // the ETag a GET returns is the one the PATCH returned
    expect((await get(`/agents/${agent.id}`)).headers.etag).toBe(`"${agent.id}:3"`);
  });

  it('DELETE /agents/:id answers 204 and the agent is gone', async () => {
    const agent = await createAgent('deletable');
    const res = await del(`/agents/${agent.id}`);
    cov.ok(res, 204);
    expect(res.text).toBe('');
    expectProblem(await get(`/agents/${agent.id}`), 404);
  });

  it('POST /agents/:id/duplicate copies the agent with a default or given name', async () => {
    const agent = await createAgent('original', { instructions: 'be brief' });
    const copy = cov.ok<Agent>(await post(`/agents/${agent.id}/duplicate`, {}), 201);
    expect(copy).toMatchObject({ name: 'original (copy)', model: 'gpt-4o-mini', version: 1 });
    expect(copy.id).not.toBe(agent.id);
    const named = cov.ok<Agent>(await post(`/agents/${agent.id}/duplicate`, { name: 'named copy' }), 201);
    expect(named.name).toBe('named copy');
    // no body at all is the same as {}
    const bare = cov.ok<Agent>(await request(ctx.app).post(`${API}/agents/${agent.id}/duplicate`).set(ctx.auth), 201);
    expect(bare.name).toBe('original (copy 2)');
  });

  it('attaches, lists and detaches an agent function', async () => {
    const agent = await createAgent('with-tools');
    const fn = await createFunction('agent_tool_a');
    const fn2 = await createFunction('agent_tool_b');
    const attached = cov.ok<{ agentId: string; functionId: string; position: number; function: { name: string } }>(
      await post(`/agents/${agent.id}/functions`, { functionId: fn.id }),
      201,
    );
    expect(attached).toMatchObject({ agentId: agent.id, functionId: fn.id, function: { name: 'agent_tool_a' } });
    cov.ok(await post(`/agents/${agent.id}/functions`, { functionId: fn2.id }), 201);

    const page = cov.ok<Page<{ functionId: string }>>(await get(`/agents/${agent.id}/functions?limit=1&skip=1`), 200);
    expect(page.pagination).toEqual({ total: 2, limit: 1, offset: 1 });
    expect(page.data).toHaveLength(1);

    cov.ok(await del(`/agents/${agent.id}/functions/${fn.id}`), 204);
    const after = cov.ok<Page<{ functionId: string }>>(await get(`/agents/${agent.id}/functions`), 200);
    expect(after.data.map((d) => d.functionId)).toEqual([fn2.id]);
  });
});

describe('agents: listing', () => {
  beforeAll(async () => {
    for (const name of ['list-c', 'list-a', 'list-b']) await createAgent(name, { model: 'list-model' });
  });

  it('GET /agents returns {data, pagination} with defaults', async () => {
    const page = cov.ok<Page<Agent>>(await get('/agents'), 200);
    expect(Object.keys(page).sort()).toEqual(['data', 'pagination']);
    expect(page.pagination).toMatchObject({ limit: 20, offset: 0 });
    expect(page.pagination.total).toBeGreaterThanOrEqual(3);
  });

  it('filters, sorts by a whitelisted key and pages with offset or its alias skip', async () => {
    const sorted = cov.ok<Page<Agent>>(await get('/agents?model=list-model&sort=name'), 200);
    expect(sorted.data.map((a) => a.name)).toEqual(['list-a', 'list-b', 'list-c']);
    const desc = cov.ok<Page<Agent>>(await get('/agents?model=list-model&sort=-name'), 200);
    expect(desc.data.map((a) => a.name)).toEqual(['list-c', 'list-b', 'list-a']);

    const viaOffset = cov.ok<Page<Agent>>(await get('/agents?model=list-model&sort=name&limit=1&offset=1'), 200);
    const viaSkip = cov.ok<Page<Agent>>(await get('/agents?model=list-model&sort=name&limit=1&skip=1'), 200);
    expect(viaOffset.pagination).toEqual({ total: 3, limit: 1, offset: 1 });
    expect(viaSkip.pagination).toEqual({ total: 3, limit: 1, offset: 1 });
    expect(viaSkip.data.map((a) => a.name)).toEqual(['list-b']);
    expect(viaOffset.data).toEqual(viaSkip.data);
  });

  it('limit 100 is accepted; limit > 100 is a 422 naming query.limit', async () => {
    cov.ok(await get('/agents?limit=100'), 200);
    const problem = expectProblem(await get('/agents?limit=101'), 422);
    expect(problem.errors?.map((e) => e.path)).toContain('query.limit');
  });

  it('an unknown sort key is a 422 naming query.sort', async () => {
    const problem = expectProblem(await get('/agents?sort=instructions'), 422);
    expect(problem.errors?.map((e) => e.path)).toContain('query.sort');
    expectProblem(await get('/agents?sort=-password'), 422);
  });

  it('a negative offset (or skip) is a 422', async () => {
    expect(expectProblem(await get('/agents?offset=-1'), 422).errors?.map((e) => e.path)).toContain('query.offset');
    expectProblem(await get('/agents?skip=-1'), 422);
  });
});

describe('agents: errors', () => {
  const missing = '00000000-0000-4000-8000-000000000000';

  it('404 for a missing agent on get, patch, delete, duplicate and its functions', async () => {
    expectProblem(await get(`/agents/${missing}`), 404);
    expectProblem(await patch(`/agents/${missing}`, { version: 1, name: 'x' }), 404);
    expectProblem(await del(`/agents/${missing}`), 404);
    expectProblem(await post(`/agents/${missing}/duplicate`, {}), 404);
    expectProblem(await get(`/agents/${missing}/functions`), 404);
  });

  it('422 for a malformed UUID, naming the parameter', async () => {
    const problem = expectProblem(await get('/agents/not-a-uuid'), 422);
    expect(problem.errors?.map((e) => e.path)).toEqual(['params.id']);
  });

  it('422 with body field paths for an invalid agent', async () => {
    const problem = expectProblem(await post('/agents', { name: '', model: 'm', temperature: 5, extra: true }), 422);
    const paths = problem.errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.temperature']));
    expect(problem.errors!.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
  });

  it('409 for a taken name', async () => {
    await createAgent('unique-name');
    const problem = expectProblem(await post('/agents', { name: 'unique-name', model: 'gpt' }), 409);
    expect(problem.reason).toBe('unique');
  });

  it('409 for a stale body version; 412 for a stale If-Match ETag', async () => {
    const agent = await createAgent('stale');
    const oldEtag = `"${agent.id}:1"`;
    cov.ok(await patch(`/agents/${agent.id}`, { version: 1, description: 'changed' }), 200);
    const conflict = expectProblem(await patch(`/agents/${agent.id}`, { version: 1, description: 'again' }), 409);
    expect(conflict.reason).toBe('stale_version');
    expectProblem(await patch(`/agents/${agent.id}`, { description: 'again' }).set('If-Match', oldEtag), 412);
    // an If-Match that disagrees with the body's version, or is not an ETag of ours
    expectProblem(await patch(`/agents/${agent.id}`, { version: 2, description: 'x' }).set('If-Match', oldEtag), 412);
    expectProblem(await patch(`/agents/${agent.id}`, { description: 'x' }).set('If-Match', 'garbage'), 412);
    // nothing changed
    expect(((await get(`/agents/${agent.id}`)).body as Agent).version).toBe(2);
  });

  it('409 attaching the same function twice; 404 detaching one that is not attached', async () => {
    const agent = await createAgent('twice');
    const fn = await createFunction('twice_tool');
    cov.ok(await post(`/agents/${agent.id}/functions`, { functionId: fn.id }), 201);
    expectProblem(await post(`/agents/${agent.id}/functions`, { functionId: fn.id }), 409);
    expectProblem(await del(`/agents/${agent.id}/functions/${missing}`), 404);
  });

  it('409 deleting an agent used by a live deployment', async () => {
    const agent = await createAgent('deployed-agent');
    const dep = await post('/deployments', { name: 'dep-of-agent', agentId: agent.id });
    expect(dep.status, dep.text).toBe(201);
    const deployed = await post(`/deployments/${(dep.body as { id: string }).id}/deploy`, { version: 1 });
    expect(deployed.status, deployed.text).toBe(200);
    const problem = expectProblem(await del(`/agents/${agent.id}`), 409);
    expect(problem.reason).toBe('in_use');
  });
});

it('covers every agents operation', () => {
  expect(cov.missing()).toEqual([]);
});
