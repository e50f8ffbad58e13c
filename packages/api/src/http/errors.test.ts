/**
 * Every error class of the API answers an RFC 9457 `application/problem+json` document with
 * type, title, status and detail: 400, 401, 404, 409, 412, 413, 415, 422 and 503.
 */
import { openSession } from '@agent-studio/db/exec';
import { Agent } from '@agent-studio/db/models';
import { createTestEngine } from '@agent-studio/db/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, createKey, expectProblem, type ApiTestContext } from '../../test/api-test-context.js';
import { createApp } from '../app/create-app.js';
import { loadApiConfig } from '../config/api-config.js';

const API = '/api/v1';
let ctx: ApiTestContext;

beforeAll(async () => {
  ctx = await createApiTestContext();
});
afterAll(() => ctx?.close());

describe('problem documents', () => {
  it('400 for malformed JSON', async () => {
    const res = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).set('Content-Type', 'application/json').send('{"name": "x",');
    const problem = expectProblem(res, 400);
    expect(problem.title).toBe('Bad Request');
    expect(problem.detail).toMatch(/not valid JSON/);
    expect(problem.instance).toBe(`${API}/agents`);
    expect(problem.requestId).toBe(res.headers['x-request-id']);
  });

  it('400 for a JSON body that is not an object or array (strict parsing)', async () => {
    expectProblem(await request(ctx.app).post(`${API}/agents`).set(ctx.auth).set('Content-Type', 'application/json').send('"a string"'), 400);
  });

  it('401 without a key (before any body parsing)', async () => {
    const res = await request(ctx.app).post(`${API}/agents`).set('Content-Type', 'application/json').send('{bad');
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('404 for an unknown route, inside and outside the API prefix', async () => {
    const inside = expectProblem(await request(ctx.app).get(`${API}/nothing-here`).set(ctx.auth), 404);
    expect(inside.detail).toMatch(/No route for GET/);
    expectProblem(await request(ctx.app).get('/nothing-here'), 404);
    // a known path with a method it does not serve is also a 404 problem
    expectProblem(await request(ctx.app).put(`${API}/agents`).set(ctx.auth).send({}), 404);
  });

  it('404 for a missing row', async () => {
    const problem = expectProblem(await request(ctx.app).get(`${API}/agents/00000000-0000-4000-8000-000000000000`).set(ctx.auth), 404);
    expect(problem.title).toBe('Not Found');
  });

  it('409 for a unique name, with reason and fields', async () => {
    await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'twin', model: 'm' }).expect(201);
    const problem = expectProblem(await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'twin', model: 'm' }), 409);
    expect(problem).toMatchObject({ title: 'Conflict', reason: 'unique' });
  });

  it('409 for an invalid state (stopping a draft deployment)', async () => {
    const agent = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'state-agent', model: 'm' }).expect(201);
    const dep = await request(ctx.app)
      .post(`${API}/deployments`)
      .set(ctx.auth)
      .send({ name: 'draft-dep', agentId: (agent.body as { id: string }).id })
      .expect(201);
    const problem = expectProblem(
      await request(ctx.app).post(`${API}/deployments/${(dep.body as { id: string }).id}/stop`).set(ctx.auth).send({ version: 1 }),
      409,
    );
    expect(problem.reason).toBe('invalid_state');
  });

  it('412 for a stale If-Match ETag on PATCH', async () => {
    const created = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'etag-agent', model: 'm' }).expect(201);
    const etag = created.headers.etag!;
    const id = (created.body as { id: string }).id;
    const fresh = await request(ctx.app).patch(`${API}/agents/${id}`).set(ctx.auth).set('If-Match', etag).send({ description: 'one' });
    expect(fresh.status).toBe(200);
    const stale = await request(ctx.app).patch(`${API}/agents/${id}`).set(ctx.auth).set('If-Match', etag).send({ description: 'two' });
    expect(expectProblem(stale, 412).title).toBe('Precondition Failed');
    const got = await request(ctx.app).get(`${API}/agents/${id}`).set(ctx.auth);
    expect(got.body).toMatchObject({ description: 'one', version: 2 });
    expect(got.headers.etag).toBe(fresh.headers.etag);
  });

  it('413 for a body over BODY_LIMIT', async () => {
    const small = ctx.appWith({ BODY_LIMIT: '1kb' });
    const problem = expectProblem(
      await request(small).post(`${API}/agents`).set(ctx.auth).send({ name: 'big', model: 'm', instructions: 'x'.repeat(4096) }),
      413,
    );
    expect(problem.title).toBe('Content Too Large');
    // under the limit it works on the same app
    await request(small).post(`${API}/agents`).set(ctx.auth).send({ name: 'small', model: 'm' }).expect(201);
  });

  it('415 for a text/plain body', async () => {
    const res = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).set('Content-Type', 'text/plain').send('name=x');
    expect(expectProblem(res, 415).title).toBe('Unsupported Media Type');
  });

  it('422 with field paths for body, query and params', async () => {
    const body = expectProblem(await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 7 }), 422);
    expect(body.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['body.name', 'body.model']));
    const query = expectProblem(await request(ctx.app).get(`${API}/agents?limit=0`).set(ctx.auth), 422);
    expect(query.errors?.map((e) => e.path)).toEqual(['query.limit']);
    const uuid = expectProblem(await request(ctx.app).get(`${API}/agents/1234`).set(ctx.auth), 422);
    expect(uuid.errors).toEqual([{ path: 'params.id', message: expect.stringMatching(/UUID/i) as string }]);
    // a field a service rejects (a target that does not exist) has the same kind of path
    const target = expectProblem(
      await request(ctx.app).post(`${API}/deployments`).set(ctx.auth).send({ name: 'ghost', agentId: '00000000-0000-4000-8000-000000000000' }),
      422,
    );
    expect(target.errors?.map((e) => e.path)).toEqual(['body.agentId']);
  });
});

describe('503: database unavailable', () => {
  it('answers 503 with Retry-After when the engine is closed', async () => {
    const engine = await createTestEngine();
    const { key } = await createKey(engine);
    const app = createApp({ engine, config: loadApiConfig({ LOG_LEVEL: 'silent' }) });
    await engine.close();
    const res = await request(app).get(`${API}/agents`).set('Authorization', `Bearer ${key}`);
    expect(expectProblem(res, 503).title).toBe('Service Unavailable');
    expect(res.headers['retry-after']).toBe('2');
    // readiness reports it too (an open route)
    const ready = await request(app).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not_ready', database: { reachable: false } });
  });

  it('answers 503 with Retry-After when no pooled connection frees up in time, and recovers', async () => {
    const engine = await createTestEngine({ poolMax: 1, acquireTimeoutMs: 200 });
    try {
      const { key } = await createKey(engine);
      const app = createApp({ engine, config: loadApiConfig({ LOG_LEVEL: 'silent' }) });
      const auth = { Authorization: `Bearer ${key}` };
      await request(app).get(`${API}/agents`).set(auth).expect(200); // warms the key cache

      const holder = openSession(engine);
      try {
        holder.add(Agent, { name: 'holder', model: 'm' });
        await holder.flush(); // the only connection is inside holder's transaction
        const res = await request(app).get(`${API}/agents`).set(auth);
        expectProblem(res, 503);
        expect(res.headers['retry-after']).toBe('2');
      } finally {
        await holder.close();
      }
      const after = await request(app).get(`${API}/agents`).set(auth).expect(200);
      expect((after.body as { pagination: { total: number } }).pagination.total).toBe(0); // holder rolled back
    } finally {
      await engine.close();
    }
  });
});
