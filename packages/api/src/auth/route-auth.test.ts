/**
 * Scopes on the real stack: read keys read, admin keys write, no key mints more rights than its
 * own, and a deployment key reaches only an `invoke` route of its own deployment.
 */
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiTestContext, createKey, expectProblem, type ApiTestContext } from '../../test/api-test-context.js';
import { createLogger } from '../app/logger.js';
import { problemErrorHandler } from '../http/problem-error-handler.js';
import { registerRoutes } from '../routes/register-routes.js';
import { defineRoute } from '../routes/route-spec.js';
import { apiKeyAuth } from './api-key-auth.js';
import { createAuthFailureLimiter } from './auth-failure-limiter.js';
import { CallerCache } from './caller-cache.js';
import { assertMayRunCommands, defaultRouteAuth } from './route-auth.js';

const API = '/api/v1';
let ctx: ApiTestContext;
let read: { Authorization: string };

beforeAll(async () => {
  ctx = await createApiTestContext();
  read = { Authorization: `Bearer ${(await createKey(ctx.engine, 'reader', 'read')).key}` };
});
afterAll(() => ctx?.close());

describe('API key scopes', () => {
  it('a read key may GET but not write: 403 problem+json, nothing written', async () => {
    await request(ctx.app).get(`${API}/agents`).set(read).expect(200);
    const refused = expectProblem(await request(ctx.app).post(`${API}/agents`).set(read).send({ name: 'nope', model: 'm' }), 403);
    expect(refused.detail).toMatch(/scope "admin".*scope "read"/);
    const listed = await request(ctx.app).get(`${API}/agents`).set(ctx.auth).expect(200);
    expect((listed.body as { data: { name: string }[] }).data.map((a) => a.name)).not.toContain('nope');
    const created = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'yes', model: 'm' }).expect(201);
    const id = (created.body as { id: string }).id;
    expectProblem(await request(ctx.app).delete(`${API}/agents/${id}`).set(read), 403);
    expectProblem(await request(ctx.app).patch(`${API}/agents/${id}`).set(read).send({ name: 'x', version: 1 }), 403);
  });

  it('a read key cannot list, mint or revoke keys, nor read the audit log', async () => {
    expectProblem(await request(ctx.app).get(`${API}/api-keys`).set(read), 403);
    expectProblem(await request(ctx.app).post(`${API}/api-keys`).set(read).send({ name: 'up', scope: 'admin' }), 403);
    expectProblem(await request(ctx.app).post(`${API}/api-keys`).set(read).send({ name: 'same', scope: 'read' }), 403);
    expectProblem(await request(ctx.app).delete(`${API}/api-keys/${ctx.apiKeyId}`).set(read), 403);
    expectProblem(await request(ctx.app).get(`${API}/audit-events`).set(read), 403);
  });

  it('an admin key mints keys of either scope', async () => {
    for (const scope of ['admin', 'read'] as const) {
      const res = await request(ctx.app).post(`${API}/api-keys`).set(ctx.auth).send({ name: scope, scope }).expect(201);
      expect((res.body as { apiKey: { scope: string } }).apiKey.scope).toBe(scope);
    }
  });

  it('a deployment key is refused everywhere but its own deployment\'s invoke route', async () => {
    const agent = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'dep-agent', model: 'm' }).expect(201);
    const mk = async (name: string) => {
      const d = await request(ctx.app).post(`${API}/deployments`).set(ctx.auth).send({ name, agentId: (agent.body as { id: string }).id }).expect(201);
      const id = (d.body as { id: string }).id;
      const rotated = await request(ctx.app).post(`${API}/deployments/${id}/rotate-key`).set(ctx.auth).expect(200);
      return { id, auth: { Authorization: `Bearer ${(rotated.body as { apiKey: string }).apiKey}` } };
    };
    const mine = await mk('mine');
    const other = await mk('other');
    expectProblem(await request(ctx.app).get(`${API}/agents`).set(mine.auth), 403);
    expectProblem(await request(ctx.app).get(`${API}/deployments/${mine.id}`).set(mine.auth), 403);
    expectProblem(await request(ctx.app).post(`${API}/deployments/${mine.id}/rotate-key`).set(mine.auth), 403);

    // an app with one `invoke` route, built from the same pieces as the API
    const invoke = defineRoute({
      method: 'post', path: '/deployments/:id/runs', operationId: 'invokeProbe', tag: 'deployments', summary: 'probe',
      auth: 'invoke', audit: false, params: z.object({ id: z.string() }), response: z.object({ by: z.string() }),
      handler: ({ caller }) => Promise.resolve({ body: { by: caller?.kind ?? 'none' } }),
    });
    const app = express();
    const cache = new CallerCache(30_000);
    const limiter = createAuthFailureLimiter(ctx.engine, { points: 100, durationS: 60 });
    app.use(API, apiKeyAuth(ctx.engine, { cache, limiter }), registerRoutes(ctx.engine, [invoke], { jsonBody: express.json() }));
    app.use(problemErrorHandler(createLogger('silent')));

    expect((await request(app).post(`${API}/deployments/${mine.id}/runs`).set(mine.auth).expect(200)).body).toEqual({ by: 'deployment' });
    expectProblem(await request(app).post(`${API}/deployments/${other.id}/runs`).set(mine.auth), 403);
    expect((await request(app).post(`${API}/deployments/${mine.id}/runs`).set(ctx.auth).expect(200)).body).toEqual({ by: 'api_key' });
    expectProblem(await request(app).post(`${API}/deployments/${mine.id}/runs`).set(read), 403);

    // a rotated deployment key stops at once
    await request(ctx.app).post(`${API}/deployments/${mine.id}/rotate-key`).set(ctx.auth).expect(200);
    expectProblem(await request(ctx.app).get(`${API}/agents`).set(mine.auth), 401);
  });
});

describe('route-auth helpers', () => {
  it('GET defaults to read, every other method to admin', () => {
    expect(defaultRouteAuth('get')).toBe('read');
    expect(['post', 'put', 'patch', 'delete'].map(defaultRouteAuth)).toEqual(['admin', 'admin', 'admin', 'admin']);
  });

  it('assertMayRunCommands admits admin API keys only', () => {
    expect(() => assertMayRunCommands({ kind: 'api_key', keyId: 'k', scope: 'admin' })).not.toThrow();
    expect(() => assertMayRunCommands({ kind: 'api_key', keyId: 'k', scope: 'read' })).toThrow(/admin/);
    expect(() => assertMayRunCommands({ kind: 'deployment', deploymentId: 'd' })).toThrow(/admin/);
  });
});
