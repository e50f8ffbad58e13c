import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, type Page, authedClient, createApiTestContext, expectProblem, operationCoverage } from '../../test/api-test-context.js';

interface Deployment {
  id: string;
  name: string;
  status: string;
  version: number;
  targetType: string;
  agentId: string | null;
  hasApiKey: boolean;
  apiKeyPrefix: string | null;
}

const API = '/api/v1';
const missing = '00000000-0000-4000-8000-000000000000';
let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;
let agentId: string;
let functionId: string;

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'deployments');
  const agent = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'dep-agent', model: 'm' });
  agentId = (agent.body as { id: string }).id;
  const fn = await request(ctx.app)
    .post(`${API}/functions`)
    .set(ctx.auth)
    .send({ kind: 'builtin', name: 'dep_fn', config: { name: 'current_time' } });
  functionId = (fn.body as { id: string }).id;
});
afterAll(() => ctx?.close());

const { get, post, patch, del } = authedClient(() => ctx);

async function createDeployment(name: string): Promise<Deployment> {
  return cov.ok<Deployment>(await post('/deployments', { name, agentId, config: { replicas: 1 } }), 201);
}

describe('deployments: success paths', () => {
  it('POST /deployments creates a draft deployment with Location and ETag', async () => {
    const res = await post('/deployments', { name: 'prod', description: 'main', agentId });
    const dep = cov.ok<Deployment>(res, 201);
    expect(dep).toMatchObject({ name: 'prod', status: 'draft', targetType: 'agent', agentId, version: 1, hasApiKey: false });
    expect(res.headers.location).toBe(`/api/v1/deployments/${dep.id}`);
    expect(res.headers.etag).toBe(`"${dep.id}:1"`);
  });

  it('GET, PATCH and DELETE /deployments/:id', async () => {
    const dep = await createDeployment('crud');
    const got = await get(`/deployments/${dep.id}`);
    expect(cov.ok<Deployment>(got, 200).name).toBe('crud');
    expect(got.headers.etag).toBe(`"${dep.id}:1"`);
    const patched = await patch(`/deployments/${dep.id}`, { description: 'edited' }).set('If-Match', got.headers.etag!);
    expect(cov.ok<Deployment>(patched, 200)).toMatchObject({ version: 2, description: 'edited' });
    expect(patched.headers.etag).toBe(`"${dep.id}:2"`);
    expectProblem(await patch(`/deployments/${dep.id}`, { description: 'stale' }).set('If-Match', got.headers.etag!), 412);
    cov.ok(await del(`/deployments/${dep.id}`), 204);
    expectProblem(await get(`/deployments/${dep.id}`), 404);
  });

  it('deploys and stops (version or If-Match), with ETags', async () => {
    const dep = await createDeployment('lifecycle');
    const deployed = await post(`/deployments/${dep.id}/deploy`, { version: 1 });
    expect(cov.ok<Deployment>(deployed, 200)).toMatchObject({ status: 'deployed', version: 2 });
    expect(deployed.headers.etag).toBe(`"${dep.id}:2"`);
    const stopped = await post(`/deployments/${dep.id}/stop`, {}).set('If-Match', deployed.headers.etag!);
    expect(cov.ok<Deployment>(stopped, 200)).toMatchObject({ status: 'stopped', version: 3 });
    // redeploy from stopped
    cov.ok(await post(`/deployments/${dep.id}/deploy`, { version: 3 }), 200);
  });

  it('rotate-key returns the key once (no-store); GET and lists never show it', async () => {
    const dep = await createDeployment('keyed');
    const res = await post(`/deployments/${dep.id}/rotate-key`);
    const rotated = cov.ok<{ deployment: Deployment; apiKey: string }>(res, 200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(rotated.apiKey.length).toBeGreaterThanOrEqual(24);
    expect(rotated.deployment).toMatchObject({ id: dep.id, hasApiKey: true });
    expect(rotated.apiKey.startsWith(rotated.deployment.apiKeyPrefix!)).toBe(true);

    const got = await get(`/deployments/${dep.id}`);
    expect(got.status).toBe(200);
    expect(got.text).not.toContain(rotated.apiKey);
    expect((got.body as Deployment).hasApiKey).toBe(true);
    const list = await get('/deployments?limit=100');
    expect(list.text).not.toContain(rotated.apiKey);

    const again = cov.ok<{ apiKey: string }>(await post(`/deployments/${dep.id}/rotate-key`), 200);
    expect(again.apiKey).not.toBe(rotated.apiKey);
  });

  it('attaches, lists and detaches deployment functions', async () => {
    const dep = await createDeployment('with-fns');
    const attached = cov.ok<{ deploymentId: string; functionId: string; functionName: string }>(
      await post(`/deployments/${dep.id}/functions`, { functionId, config: { timeoutMs: 1000 } }),
      201,
    );
    expect(attached).toMatchObject({ deploymentId: dep.id, functionId, functionName: 'dep_fn' });
    expectProblem(await post(`/deployments/${dep.id}/functions`, { functionId }), 409);
    const page = cov.ok<Page<{ functionId: string }>>(await get(`/deployments/${dep.id}/functions?skip=0&limit=10`), 200);
    expect(page).toEqual({ data: [expect.objectContaining({ functionId })], pagination: { total: 1, limit: 10, offset: 0 } });
    cov.ok(await del(`/deployments/${dep.id}/functions/${functionId}`), 204);
    expectProblem(await del(`/deployments/${dep.id}/functions/${functionId}`), 404);
  });

  it('GET /deployments lists with filters, whitelisted sort and skip', async () => {
    for (const name of ['dl-c', 'dl-a', 'dl-b']) await createDeployment(name);
    const all = cov.ok<Page<Deployment>>(await get(`/deployments?agentId=${agentId}&status=draft&sort=name`), 200);
    const names = all.data.map((d) => d.name).filter((n) => n.startsWith('dl-'));
    expect(names).toEqual(['dl-a', 'dl-b', 'dl-c']);
    const skipped = cov.ok<Page<Deployment>>(await get(`/deployments?agentId=${agentId}&status=draft&sort=name&limit=1&skip=1`), 200);
    expect(skipped.pagination).toMatchObject({ limit: 1, offset: 1, total: all.pagination.total });
    expect(skipped.data[0]!.name).toBe(all.data[1]!.name);
    expect(expectProblem(await get('/deployments?sort=apiKeyHash'), 422).errors?.map((e) => e.path)).toContain('query.sort');
    expectProblem(await get('/deployments?limit=101'), 422);
    expectProblem(await get('/deployments?status=running'), 422);
  });
});

describe('deployments: errors', () => {
  it('409 for invalid lifecycle transitions and deleting a deployed one', async () => {
    const dep = await createDeployment('states');
    const stopDraft = expectProblem(await post(`/deployments/${dep.id}/stop`, { version: 1 }), 409);
    expect(stopDraft.reason).toBe('invalid_state');
    cov.ok(await post(`/deployments/${dep.id}/deploy`, { version: 1 }), 200);
    expect(expectProblem(await post(`/deployments/${dep.id}/deploy`, { version: 2 }), 409).reason).toBe('invalid_state');
    expect(expectProblem(await del(`/deployments/${dep.id}`), 409).reason).toBe('invalid_state');
  });

  it('409 for a taken name; 412 for a stale If-Match on a transition', async () => {
    await createDeployment('taken');
    expect(expectProblem(await post('/deployments', { name: 'taken', agentId }), 409).reason).toBe('unique');
    const dep = await createDeployment('stale-transition');
    cov.ok(await patch(`/deployments/${dep.id}`, { version: 1, description: 'x' }), 200);
    expectProblem(await post(`/deployments/${dep.id}/deploy`, {}).set('If-Match', `"${dep.id}:1"`), 412);
  });

  it('422 for a target that is missing, doubled, or not a UUID', async () => {
    expect(expectProblem(await post('/deployments', { name: 'no-target' }), 422).errors?.map((e) => e.path)).toContain('body.agentId');
    expect(
      expectProblem(await post('/deployments', { name: 'two', agentId, workflowId: agentId }), 422).errors?.map((e) => e.path),
    ).toContain('body.workflowId');
    expectProblem(await post('/deployments', { name: 'bad-id', agentId: 'abc' }), 422);
  });

  it('404 for a missing deployment or target', async () => {
    expectProblem(await get(`/deployments/${missing}`), 404);
    expectProblem(await patch(`/deployments/${missing}`, { version: 1 }), 404);
    expectProblem(await del(`/deployments/${missing}`), 404);
    expectProblem(await post(`/deployments/${missing}/deploy`, { version: 1 }), 404);
    expectProblem(await post(`/deployments/${missing}/stop`, { version: 1 }), 404);
    expectProblem(await post(`/deployments/${missing}/rotate-key`), 404);
    expectProblem(await get(`/deployments/${missing}/functions`), 404);
    // a target that does not exist is a validation error of the body
    expect(expectProblem(await post('/deployments', { name: 'ghost', agentId: missing }), 422).errors?.map((e) => e.path)).toEqual([
      'body.agentId',
    ]);
  });
});

it('covers every deployments operation', () => {
  expect(cov.missing()).toEqual([]);
});
