import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, expectProblem, operationCoverage, type ApiTestContext } from '../../test/api-test-context.js';

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  revokedAt: string | null;
}

const API = '/api/v1';
let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;

beforeAll(async () => {
  // TTL 0: every request verifies the key again, so a revocation is visible at once
  ctx = await createApiTestContext({ env: { API_KEY_CACHE_TTL_MS: '0' } });
  cov = operationCoverage(ctx.engine, 'api-keys');
});
afterAll(() => ctx?.close());

describe('api keys', () => {
  it('POST /api-keys returns the key once (no-store); GET /api-keys never shows keys', async () => {
    const res = await request(ctx.app).post(`${API}/api-keys`).set(ctx.auth).send({ name: 'ci', scope: 'admin' });
    const created = cov.ok<{ apiKey: ApiKey; key: string }>(res, 201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(created.apiKey).toMatchObject({ name: 'ci', scope: 'admin', revokedAt: null });
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);

    // the new key works
    expect((await request(ctx.app).get(`${API}/api-keys`).set('Authorization', `Bearer ${created.key}`)).status).toBe(200);
    // without a scope a key is read-only (least privilege)
    const plain = await request(ctx.app).post(`${API}/api-keys`).set(ctx.auth).send({ name: 'reader' });
    expect((plain.body as { apiKey: ApiKey & { scope: string } }).apiKey.scope).toBe('read');

    const list = await request(ctx.app).get(`${API}/api-keys`).set(ctx.auth);
    const keys = cov.ok<ApiKey[]>(list, 200);
    expect(keys.map((k) => k.id)).toEqual(expect.arrayContaining([created.apiKey.id, ctx.apiKeyId]));
    expect(list.text).not.toContain(created.key);
    expect(list.text).not.toContain(ctx.apiKey);
  });

  it('DELETE /api-keys/:id revokes a key, which then gets 401', async () => {
    const created = await request(ctx.app).post(`${API}/api-keys`).set(ctx.auth).send({ name: 'short-lived' });
    const { apiKey, key } = created.body as { apiKey: ApiKey; key: string };
    const revoked = cov.ok<ApiKey>(await request(ctx.app).delete(`${API}/api-keys/${apiKey.id}`).set(ctx.auth), 200);
    expect(revoked.revokedAt).not.toBeNull();
    const problem = expectProblem(await request(ctx.app).get(`${API}/api-keys`).set('Authorization', `Bearer ${key}`), 401);
    expect(problem.detail).toMatch(/revoked|not valid/);
    // revoking again is idempotent
    cov.ok(await request(ctx.app).delete(`${API}/api-keys/${apiKey.id}`).set(ctx.auth), 200);
  });

  it('errors: 422 for an empty name, 404 for a missing key, 422 for a malformed id', async () => {
    expect(expectProblem(await request(ctx.app).post(`${API}/api-keys`).set(ctx.auth).send({ name: '' }), 422).errors?.map((e) => e.path)).toContain(
      'body.name',
    );
    expectProblem(await request(ctx.app).delete(`${API}/api-keys/00000000-0000-4000-8000-000000000000`).set(ctx.auth), 404);
    expectProblem(await request(ctx.app).delete(`${API}/api-keys/not-an-id`).set(ctx.auth), 422);
  });
});

it('covers every api-keys operation', () => {
  expect(cov.missing()).toEqual([]);
});
