import { withSession } from '@agent-studio/db/exec';
import { AgentsService, ApiKeysService, DeploymentsService } from '@agent-studio/sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, createKey, expectProblem, type ApiTestContext } from '../../test/api-test-context.js';

const API = '/api/v1';
let ctx: ApiTestContext;

beforeAll(async () => {
  ctx = await createApiTestContext();
});
afterAll(() => ctx?.close());

function expect401(res: request.Response): void {
  expectProblem(res, 401);
  expect(res.headers['www-authenticate']).toBe('Bearer realm="agent-studio"');
}

/** Polls `probe` until it returns true; the elapsed milliseconds, or fails after `withinMs`. */
async function within(withinMs: number, probe: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await probe()) return Date.now() - start;
    if (Date.now() - start > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('API key authentication', () => {
  it('accepts a valid key', async () => {
    await request(ctx.app).get(`${API}/agents`).set(ctx.auth).expect(200);
    await request(ctx.app).get(`${API}/agents`).set('Authorization', `bearer   ${ctx.apiKey}`).expect(200);
  });

  it('401 without an Authorization header, or with another scheme', async () => {
    expect401(await request(ctx.app).get(`${API}/agents`));
    expect401(await request(ctx.app).get(`${API}/agents`).set('Authorization', `Basic ${ctx.apiKey}`));
    expect401(await request(ctx.app).get(`${API}/agents`).set('Authorization', 'Bearer'));
    expect401(await request(ctx.app).get(`${API}/agents`).set('Authorization', `Bearer ${ctx.apiKey} extra`));
  });

  it('401 for an unknown key (also on unknown routes: auth comes first)', async () => {
    expect401(await request(ctx.app).get(`${API}/agents`).set('Authorization', 'Bearer as_not-a-real-key-0000000000000000'));
    expect401(await request(ctx.app).get(`${API}/nothing-here`));
  });

  it('open routes need no key', async () => {
    await request(ctx.app).get('/health').expect(200);
    await request(ctx.app).get('/ready').expect(200);
    await request(ctx.app).get('/version').expect(200);
    await request(ctx.app).get('/openapi.json').expect(200);
  });

  it('a key revoked through the API is refused by that process at once, whatever the cache TTL', async () => {
    const app = ctx.appWith({ API_KEY_CACHE_TTL_MS: '3600000' });
    const { id, key } = await createKey(ctx.engine, 'revoke-now');
    const auth = { Authorization: `Bearer ${key}` };
    await request(app).get(`${API}/agents`).set(auth).expect(200); // cached for an hour
    await request(app).delete(`${API}/api-keys/${id}`).set(ctx.auth).expect(200);
    expect401(await request(app).get(`${API}/agents`).set(auth));
  });

  it('a key that revokes itself cannot use the revocation window to mint another key', async () => {
    const app = ctx.appWith({ API_KEY_CACHE_TTL_MS: '3600000' });
    const { id, key } = await createKey(ctx.engine, 'self');
    const auth = { Authorization: `Bearer ${key}` };
    await request(app).delete(`${API}/api-keys/${id}`).set(auth).expect(200);
    expect401(await request(app).post(`${API}/api-keys`).set(auth).send({ name: 'escape', scope: 'admin' }));
  });

  it('a key revoked elsewhere (the CLI, another process) is refused within a second on this one', async () => {
    const app = ctx.appWith({ API_KEY_CACHE_TTL_MS: '3600000' });
    const { id, key } = await createKey(ctx.engine, 'revoke-elsewhere');
    const auth = { Authorization: `Bearer ${key}` };
    await request(app).get(`${API}/agents`).set(auth).expect(200);
    // revoked outside this app: only the database's notification (server) tells it
    await withSession(ctx.engine, (s) => ApiKeysService.revokeApiKey(s, id));
    const took = await within(1_000, async () => (await request(app).get(`${API}/agents`).set(auth)).status === 401);
    expect(took).toBeLessThan(1_000);
  });

  it('a deployment key is a caller too: 403 (not 401) outside its invoke route, refused within a second once rotated', async () => {
    const cached = ctx.appWith({ API_KEY_CACHE_TTL_MS: '3600000' });
    const { deployment, apiKey } = await withSession(ctx.engine, async (s) => {
      const agent = await AgentsService.createAgent(s, { name: 'auth-dep-agent', model: 'm' });
      const d = await DeploymentsService.createDeployment(s, { name: 'auth-dep', agentId: agent.id });
      return DeploymentsService.rotateApiKey(s, d.id);
    });
    const auth = { Authorization: `Bearer ${apiKey}` };
    expectProblem(await request(cached).get(`${API}/agents`).set(auth), 403);
    // rotated away: the cached verdict is dropped (key-change notification, or at most 0.5 s unlistened), however long the TTL
    await withSession(ctx.engine, (s) => DeploymentsService.rotateApiKey(s, deployment.id));
    await expect.poll(async () => (await request(cached).get(`${API}/agents`).set(auth)).status, { timeout: 2_000 }).toBe(401);
    expect401(await request(ctx.appWith({ API_KEY_CACHE_TTL_MS: '3600000' })).get(`${API}/agents`).set(auth));
  });

  it('a key too long to be any key is a 401, not a 422', async () => {
    expect401(await request(ctx.app).get(`${API}/agents`).set('Authorization', `Bearer as_${'x'.repeat(2000)}`));
  });
});
