import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, type Page, authedClient, createApiTestContext, expectProblem, operationCoverage } from '../../test/api-test-context.js';

interface ModelProvider {
  id: string;
  name: string;
  baseUrl: string;
  apiKey: string | null;
  hasApiKey: boolean;
  headers: Record<string, string>;
  requestTimeoutMs: number;
  version: number;
}

const API_KEY = 'sk-api-secret-4c2e9a7b1d';
const ROTATED = 'sk-api-secret-rotated-8f6d';
const HEADER = 'hdr-secret-provider-3b5a';
const missing = '00000000-0000-4000-8000-000000000000';

let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'model-providers');
});
afterAll(async () => {
  await ctx?.close();
});

const { get, post, patch, del } = authedClient(() => ctx);

/** Every response of this file goes through here: it must never carry a stored secret. */
function noSecrets(res: request.Response): request.Response {
  for (const secret of [API_KEY, ROTATED, HEADER]) {
    expect(res.text).not.toContain(secret);
    expect(JSON.stringify(res.headers)).not.toContain(secret);
  }
  return res;
}

describe('model providers: CRUD with the key masked', () => {
  let provider: ModelProvider;

  it('POST /model-providers registers a provider; the key and headers come back masked', async () => {
    const res = noSecrets(
      await post('/model-providers', { name: 'local', baseUrl: 'http://127.0.0.1:11434/v1', apiKey: API_KEY, headers: { 'X-Org': HEADER } }),
    );
    provider = cov.ok<ModelProvider>(res, 201);
    expect(provider).toMatchObject({ name: 'local', hasApiKey: true, requestTimeoutMs: 60_000, version: 1 });
    expect(provider.apiKey).not.toBeNull();
    expect(Object.keys(provider.headers)).toEqual(['X-Org']);
    expect(res.headers.location).toBe(`/api/v1/model-providers/${provider.id}`);
    expect(res.headers.etag).toBe(`"${provider.id}:1"`);
  });

  it('GET /model-providers/:id and GET /model-providers never show the key', async () => {
    const one = cov.ok<ModelProvider>(noSecrets(await get(`/model-providers/${provider.id}`)), 200);
    expect(one).toEqual(provider);
    await post('/model-providers', { name: 'openai', baseUrl: 'https://api.openai.com/v1' });
    const page = cov.ok<Page<ModelProvider>>(noSecrets(await get('/model-providers?search=LOC&sort=-name')), 200);
    expect(page.data.map((p) => p.name)).toEqual(['local']);
    expect(page.pagination.total).toBe(1);
  });

  it('PATCH /model-providers/:id rotates the key (the mask keeps it); If-Match guards the version', async () => {
    const kept = cov.ok<ModelProvider>(noSecrets(await patch(`/model-providers/${provider.id}`, { version: 1, apiKey: provider.apiKey, requestTimeoutMs: 5_000 })), 200);
    expect(kept).toMatchObject({ hasApiKey: true, requestTimeoutMs: 5_000, version: 2 });
    const rotated = noSecrets(
      await patch(`/model-providers/${provider.id}`, { apiKey: ROTATED }).set('If-Match', `"${provider.id}:2"`),
    );
    expect(cov.ok<ModelProvider>(rotated, 200).version).toBe(3);
    expectProblem(noSecrets(await patch(`/model-providers/${provider.id}`, { apiKey: API_KEY }).set('If-Match', `"${provider.id}:1"`)), 412);
    expectProblem(noSecrets(await patch(`/model-providers/${provider.id}`, { version: 1, description: 'x' })), 409);
  });

  it('answers bad input with problem+json, never echoing a secret', async () => {
    const bad = expectProblem(
      noSecrets(await post('/model-providers', { name: 'a/b', baseUrl: `http://user:${API_KEY}@127.0.0.1/v1` })),
      422,
    );
    expect(bad.errors?.map((e) => e.path)).toEqual(expect.arrayContaining(['body.name', 'body.baseUrl']));
    expectProblem(noSecrets(await post('/model-providers', { name: 'local', baseUrl: 'http://127.0.0.1:1/v1' })), 409);
    expectProblem(await get(`/model-providers/${missing}`), 404);
    expectProblem(await get('/model-providers/not-a-uuid'), 422);
  });

  it('DELETE /model-providers/:id removes it', async () => {
    cov.ok(await del(`/model-providers/${provider.id}`), 204);
    expectProblem(await get(`/model-providers/${provider.id}`), 404);
  });

  it('covers every model-providers operation', () => {
    expect(cov.missing()).toEqual([]);
  });
});
