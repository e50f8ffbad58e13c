import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedClient, createApiTestContext, expectProblem, operationCoverage, type ApiTestContext, type Page } from '../../test/api-test-context.js';
import { pruneAuditEvents } from '../audit/prune-audit-events.js';

interface AuditEvent {
  id: string;
  createdAt: string;
  actorKind: string;
  actorId: string;
  action: string;
  method: string;
  status: number;
  resourceType: string;
  resourceId: string | null;
  clientAddress: string | null;
  requestId: string | null;
}

let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;
const { get, post, del } = authedClient(() => ctx);

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'audit-events');
});
afterAll(() => ctx?.close());

async function events(query = ''): Promise<Page<AuditEvent>> {
  return cov.ok<Page<AuditEvent>>(await get(`/audit-events${query}`), 200);
}

describe('audit events', () => {
  it('every successful write records which key did what to which resource, when and from where', async () => {
    const created = await post('/agents', { name: 'audited', model: 'm' }).set('X-Request-Id', 'audit-req-1').expect(201);
    const agentId = (created.body as { id: string }).id;
    await del(`/agents/${agentId}`).expect(204);
    const page = await events(`?resourceId=${agentId}`);
    expect(page.pagination.total).toBe(2);
    const [deleted, made] = page.data; // newest first
    expect(made).toMatchObject({
      actorKind: 'api_key', actorId: ctx.apiKeyId, action: 'createAgent', method: 'POST', status: 201,
      resourceType: 'agents', resourceId: agentId, requestId: 'audit-req-1',
    });
    expect(made!.clientAddress).toMatch(/127\.0\.0\.1/);
    expect(Date.now() - Date.parse(made!.createdAt)).toBeLessThan(60_000);
    expect(deleted).toMatchObject({ action: 'deleteAgent', method: 'DELETE', status: 204, resourceId: agentId });
  });

  it('a failed write and a read record nothing', async () => {
    const before = (await events()).pagination.total;
    expectProblem(await post('/agents', { name: '' }), 422);
    await post('/agents', { name: 'twice', model: 'm' }).expect(201);
    expectProblem(await post('/agents', { name: 'twice', model: 'm' }), 409);
    await get('/agents').expect(200);
    await post('/workflows/validate', { definition: { nodes: [], edges: [] } }).expect(200);
    expect((await events()).pagination.total).toBe(before + 1); // the one successful create
  });

  it('pages like every list, filters by actor, and is pruned by age', async () => {
    const page = await events('?limit=1&offset=0');
    expect(page.data).toHaveLength(1);
    expect(page.pagination).toMatchObject({ limit: 1, offset: 0 });
    expect((await events(`?actorId=${ctx.apiKeyId}`)).pagination.total).toBe(page.pagination.total);
    expectProblem(await get('/audit-events?limit=1000'), 422);

    const c = await ctx.engine.acquire();
    try {
      await c.query(
        `INSERT INTO audit_events (created_at, actor_kind, actor_id, action, method, status, resource_type)
         VALUES (now() - interval '100 days', 'api_key', $1, 'createAgent', 'POST', 201, 'agents')`,
        [ctx.apiKeyId],
      );
    } finally {
      ctx.engine.release(c);
    }
    const total = (await events()).pagination.total;
    expect(await pruneAuditEvents(ctx.engine, 90)).toBe(1);
    expect((await events()).pagination.total).toBe(total - 1);
    expect(await pruneAuditEvents(ctx.engine, 90)).toBe(0);
  });

  it('is for admin keys only (a read key gets 403; no key 401)', async () => {
    expectProblem(await request(ctx.app).get('/api/v1/audit-events'), 401);
  });

  it('covers every audit-events operation', () => {
    expect(cov.missing()).toEqual([]);
  });
});
