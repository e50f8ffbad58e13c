/**
 * `GET /metrics` on the API: a known sequence of requests, then the scrape parsed with a
 * Prometheus text-format parser and the HTTP histogram, the pool figures and the statement
 * errors checked to have moved by exactly what was done; no label holds an id or a raw path;
 * and who may read it (`METRICS`).
 */
import { openSession } from '@agent-studio/db/exec';
import { Agent } from '@agent-studio/db/models';
import { parsePromText } from '@agent-studio/test-servers/prometheus-text';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, createKey, type ApiTestContext } from '../../test/api-test-context.js';
import { isLoopback } from './metrics-route.js';

let ctx: ApiTestContext;
beforeAll(async () => {
  ctx = await createApiTestContext();
});
afterAll(() => ctx?.close());

async function scrape(app: Express = ctx.app) {
  const res = await request(app).get('/metrics').expect(200);
  return parsePromText(res.text);
}

const HTTP = 'agent_studio_http_request_duration_seconds';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('GET /metrics', () => {
  it('moves by exactly the requests made, labelled by route template and status class', async () => {
    const created = await request(ctx.app).post('/api/v1/agents').set(ctx.auth).send({ name: 'metrics-agent', model: 'm' }).expect(201);
    const id = (created.body as { id: string }).id;
    const before = await scrape();
    await request(ctx.app).get(`/api/v1/agents/${id}`).set(ctx.auth).expect(200);
    await request(ctx.app).get(`/api/v1/agents/${id}`).set(ctx.auth).expect(200);
    await request(ctx.app).get('/api/v1/agents/00000000-0000-4000-8000-000000000000').set(ctx.auth).expect(404);
    await request(ctx.app).get(`/api/v1/no-such-thing/${id}`).set(ctx.auth).expect(404);
    await request(ctx.app).get('/health').expect(200);
    // a taken name: the INSERT fails with 23505 (class 23) and the API answers 409
    await request(ctx.app).post('/api/v1/agents').set(ctx.auth).send({ name: 'metrics-agent', model: 'm' }).expect(409);
    const after = await scrape();
    const moved = (labels: Record<string, string>) => after.count(HTTP, labels) - before.count(HTTP, labels);
    expect(moved({ method: 'GET', route: '/api/v1/agents/:id', status_class: '2xx' })).toBe(2);
    expect(moved({ method: 'GET', route: '/api/v1/agents/:id', status_class: '4xx' })).toBe(1);
    expect(moved({ method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(moved({ method: 'GET', route: '/health', status_class: '2xx' })).toBe(1);
    expect(moved({ method: 'POST', route: '/api/v1/agents', status_class: '4xx' })).toBe(1);
    // the first scrape itself is counted by the second
    expect(moved({ method: 'GET', route: '/metrics', status_class: '2xx' })).toBe(1);
    expect(moved({})).toBe(7);
    expect(after.value('agent_studio_db_statement_errors_total', { class: '23' }) - before.value('agent_studio_db_statement_errors_total', { class: '23' })).toBe(1);
    expect(after.count('agent_studio_db_pool_acquire_seconds')).toBeGreaterThan(before.count('agent_studio_db_pool_acquire_seconds'));
    expect(after.value('agent_studio_db_pool_max')).toBe(ctx.engine.config.poolMax);
    expect(after.value('agent_studio_db_pool_in_use')).toBe(0);
    expect(after.value('agent_studio_db_pool_idle')).toBe(after.value('agent_studio_db_pool_size'));
    for (const value of after.labelValues()) {
      expect(value).not.toMatch(UUID);
      expect(value).not.toContain('no-such-thing');
    }
  });

  it('counts an exhausted pool: waiting borrowers and acquire timeouts', async () => {
    const small = await createApiTestContext({ engine: { poolMax: 1, acquireTimeoutMs: 300 } });
    try {
      // the key's verdict is cached by this first request: the next one borrows only for its route
      await request(small.app).get('/api/v1/agents?limit=1').set(small.auth).expect(200);
      const before = await scrape(small.app);
      const holder = openSession(small.engine);
      holder.add(Agent, { name: 'holder', model: 'm' });
      await holder.flush(); // the only connection is held
      const pending = request(small.app).get('/api/v1/agents?limit=1').set(small.auth);
      const waiting = (async () => {
        await new Promise((r) => setTimeout(r, 100));
        return (await scrape(small.app)).value('agent_studio_db_pool_waiting');
      })();
      const [res, seenWaiting] = await Promise.all([pending, waiting]);
      expect(res.status).toBe(503);
      expect(seenWaiting).toBe(1);
      await holder.close();
      const after = await scrape(small.app);
      expect(after.value('agent_studio_db_pool_acquire_timeouts_total') - before.value('agent_studio_db_pool_acquire_timeouts_total')).toBe(1);
      expect(after.count(HTTP, { route: '/api/v1/agents', status_class: '5xx' }) - before.count(HTTP, { route: '/api/v1/agents', status_class: '5xx' })).toBe(1);
    } finally {
      await small.close();
    }
  });

  it('METRICS=admin: an admin key only; METRICS=off: 404 and nothing measured', async () => {
    const admin = ctx.appWith({ METRICS: 'admin' });
    expect((await request(admin).get('/metrics')).status).toBe(401);
    const read = await createKey(ctx.engine, 'metrics-reader', 'read');
    expect((await request(admin).get('/metrics').set('Authorization', `Bearer ${read.key}`)).status).toBe(403);
    const ok = await request(admin).get('/metrics').set(ctx.auth).expect(200);
    expect((await parsePromText(ok.text)).families).toHaveProperty(HTTP);
    // the OpenAPI document says so: /metrics needs the bearer key there, none by default
    const securityOf = async (app: typeof admin): Promise<unknown> =>
      ((await request(app).get('/openapi.json').expect(200)).body as { paths: Record<string, { get: { security?: unknown } }> }).paths['/metrics']!.get.security;
    expect(await securityOf(admin)).toEqual([{ bearerAuth: [] }]);
    expect(await securityOf(ctx.app)).toEqual([]);

    const off = ctx.appWith({ METRICS: 'off' });
    await request(off).get('/health').expect(200);
    const res = await request(off).get('/metrics');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('loopback means the socket address: 127.0.0.0/8, ::1 and their mapped forms', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.1', '::', undefined, '127.0.0.1.evil']) expect(isLoopback(a)).toBe(false);
  });
});
