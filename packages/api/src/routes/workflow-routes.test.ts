import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, type Page, authedClient, createApiTestContext, expectProblem, operationCoverage } from '../../test/api-test-context.js';

interface Workflow {
  id: string;
  name: string;
  version: number;
  versionNumber: number | null;
  publishedFromId: string | null;
  definition: { nodes: unknown[]; edges: unknown[] };
}

const API = '/api/v1';
const missing = '00000000-0000-4000-8000-000000000000';
let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;
let agentId: string;

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'workflows');
  const agent = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'wf-agent', model: 'm' });
  agentId = (agent.body as { id: string }).id;
});
afterAll(() => ctx?.close());

const { get, post, patch, del } = authedClient(() => ctx);

const definition = () => ({
  startNodeId: 'triage',
  nodes: [
    { id: 'triage', type: 'agent', ref: agentId },
    { id: 'urgent', type: 'condition', config: { expression: 'output.priority == "high"' } },
    { id: 'reply', type: 'agent', ref: agentId },
  ],
  edges: [
    { from: 'triage', to: 'urgent' },
    { from: 'urgent', to: 'reply', condition: 'true' },
  ],
});
const cyclic = {
  startNodeId: 'a',
  nodes: [
    { id: 'a', type: 'condition', config: { expression: 'input.x == 1' } },
    { id: 'b', type: 'condition', config: { expression: 'input.y == 2' } },
  ],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'a' },
  ],
};

async function createDraft(name: string, def: object = definition()): Promise<Workflow> {
  return cov.ok<Workflow>(await post('/workflows', { name, definition: def }), 201);
}

describe('workflows: success paths', () => {
  it('POST /workflows creates a draft with Location and ETag', async () => {
    const res = await post('/workflows', { name: 'router', description: 'routes tickets', definition: definition() });
    const wf = cov.ok<Workflow>(res, 201);
    expect(wf).toMatchObject({ name: 'router', version: 1, versionNumber: null, publishedFromId: null });
    expect(res.headers.location).toBe(`/api/v1/workflows/${wf.id}`);
    expect(res.headers.etag).toBe(`"${wf.id}:1"`);
    const empty = cov.ok<Workflow>(await post('/workflows', { name: 'empty' }), 201);
    expect(empty.definition).toEqual({ nodes: [], edges: [] });
  });

  it('GET and PATCH /workflows/:id with ETags', async () => {
    const wf = await createDraft('editable');
    const got = await get(`/workflows/${wf.id}`);
    expect(cov.ok<Workflow>(got, 200).id).toBe(wf.id);
    expect(got.headers.etag).toBe(`"${wf.id}:1"`);
    const patched = await patch(`/workflows/${wf.id}`, { description: 'edited' }).set('If-Match', got.headers.etag!);
    expect(cov.ok<Workflow>(patched, 200)).toMatchObject({ version: 2, description: 'edited' });
    expect(patched.headers.etag).toBe(`"${wf.id}:2"`);
    expectProblem(await patch(`/workflows/${wf.id}`, { description: 'late' }).set('If-Match', got.headers.etag!), 412);
  });

  it('POST /workflows/validate reports errors and warnings without saving', async () => {
    const ok = cov.ok<{ valid: boolean; errors: unknown[] }>(await post('/workflows/validate', { definition: definition() }), 200);
    expect(ok).toMatchObject({ valid: true, errors: [] });
    const bad = cov.ok<{ valid: boolean; errors: { code: string }[] }>(await post('/workflows/validate', { definition: cyclic }), 200);
    expect(bad.valid).toBe(false);
    expect(bad.errors.map((e) => e.code)).toContain('cycle');
  });

  it('publishes versions, lists them and gets one', async () => {
    const wf = await createDraft('publishable');
    const v1 = cov.ok<Workflow>(await post(`/workflows/${wf.id}/publish`, { version: 1 }), 201);
    expect(v1).toMatchObject({ publishedFromId: wf.id, versionNumber: 1, name: 'publishable' });
    // If-Match supplies the version
    const v2 = cov.ok<Workflow>(await post(`/workflows/${wf.id}/publish`, {}).set('If-Match', `"${wf.id}:1"`), 201);
    expect(v2.versionNumber).toBe(2);

    const versions = cov.ok<Page<Workflow>>(await get(`/workflows/${wf.id}/versions?limit=1&skip=0`), 200);
    expect(versions.pagination).toEqual({ total: 2, limit: 1, offset: 0 });
    expect(versions.data[0]!.versionNumber).toBe(2);
    const one = cov.ok<Workflow>(await get(`/workflows/${wf.id}/versions/1`), 200);
    expect(one.id).toBe(v1.id);

    expectProblem(await get(`/workflows/${wf.id}/versions/9`), 404);
    expectProblem(await get(`/workflows/${wf.id}/versions/zero`), 422);
    // a published version cannot be published again
    expectProblem(await post(`/workflows/${v1.id}/publish`, { version: 1 }), 409);
  });

  it('GET /workflows lists drafts with sort and skip', async () => {
    for (const name of ['wl-c', 'wl-a', 'wl-b']) await createDraft(name);
    const page = cov.ok<Page<Workflow>>(await get('/workflows?search=wl-&sort=name&limit=2&skip=1'), 200);
    expect(page.pagination).toEqual({ total: 3, limit: 2, offset: 1 });
    expect(page.data.map((w) => w.name)).toEqual(['wl-b', 'wl-c']);
    expect(expectProblem(await get('/workflows?sort=definition'), 422).errors?.map((e) => e.path)).toContain('query.sort');
    expectProblem(await get('/workflows?limit=500'), 422);
  });

  it('DELETE /workflows/:id removes a draft', async () => {
    const wf = await createDraft('deletable');
    cov.ok(await del(`/workflows/${wf.id}`), 204);
    expectProblem(await get(`/workflows/${wf.id}`), 404);
  });
});

describe('workflows: errors', () => {
  it('404 for a missing workflow', async () => {
    expectProblem(await get(`/workflows/${missing}`), 404);
    expectProblem(await patch(`/workflows/${missing}`, { version: 1 }), 404);
    expectProblem(await del(`/workflows/${missing}`), 404);
    expectProblem(await post(`/workflows/${missing}/publish`, { version: 1 }), 404);
    expectProblem(await get(`/workflows/${missing}/versions`), 404);
  });

  it('422 for an invalid definition (field paths) and when publishing one that does not validate', async () => {
    const problem = expectProblem(
      await post('/workflows', { name: 'broken', definition: { nodes: [{ id: 'a', type: 'robot' }], edges: [{ from: 'a' }] } }),
      422,
    );
    expect(problem.errors!.map((e) => e.path)).toEqual(expect.arrayContaining(['body.definition.nodes.0.type', 'body.definition.edges.0.to']));
    const wf = await createDraft('cyclic', cyclic);
    expectProblem(await post(`/workflows/${wf.id}/publish`, { version: 1 }), 422);
  });

  it('409 for a taken draft name and 409 for a stale body version', async () => {
    await createDraft('dup-name');
    expectProblem(await post('/workflows', { name: 'dup-name' }), 409);
    const wf = await createDraft('stale-body');
    cov.ok(await patch(`/workflows/${wf.id}`, { version: 1, description: 'x' }), 200);
    expect(expectProblem(await patch(`/workflows/${wf.id}`, { version: 1, description: 'y' }), 409).reason).toBe('stale_version');
  });

  it('409 deleting a workflow with a live deployment', async () => {
    const wf = await createDraft('deployed-wf');
    const dep = await post('/deployments', { name: 'wf-dep', workflowId: wf.id });
    expect(dep.status, dep.text).toBe(201);
    expect((await post(`/deployments/${(dep.body as { id: string }).id}/deploy`, { version: 1 })).status).toBe(200);
    expectProblem(await del(`/workflows/${wf.id}`), 409);
  });
});

it('GET /workflows/:id/graph.svg draws the definition (an SVG), an empty draft too', async () => {
  const wf = await createDraft('graph-wf');
  const res = await request(ctx.app).get(`/api/v1/workflows/${wf.id}/graph.svg`).set(ctx.auth);
  cov.ok(res, 200);
  expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
  const draft = await post('/workflows', { name: 'graph-draft' });
  expect(draft.status, draft.text).toBe(201);
  expect((await request(ctx.app).get(`/api/v1/workflows/${(draft.body as { id: string }).id}/graph.svg`).set(ctx.auth)).status).toBe(200);
});

it('covers every workflows operation', () => {
  expect(cov.missing()).toEqual([]);
});
