import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, operationCoverage, type ApiTestContext } from '../../test/api-test-context.js';
import { API_VERSION } from './system-routes.js';

let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'system');
});
afterAll(() => ctx?.close());

describe('system routes (open)', () => {
  it('GET /health', async () => {
    expect(cov.ok(await request(ctx.app).get('/health'), 200)).toEqual({ status: 'ok' });
  });

  it('GET /ready: database reachable, no pending migrations', async () => {
    const body = cov.ok(await request(ctx.app).get('/ready'), 200);
    expect(body).toEqual({ status: 'ready', database: { reachable: true, kind: ctx.engine.kind, pendingMigrations: [] } });
  });

  it('GET /metrics (a loopback client: supertest)', async () => {
    const res = await request(ctx.app).get('/metrics');
    cov.ok(res, 200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('GET /version', async () => {
    const res = await request(ctx.app).get('/version');
    // the API version only: nothing about the runtime for unauthenticated callers
    expect(cov.ok(res, 200)).toEqual({ version: API_VERSION });
    expect(res.text).not.toContain(process.version);
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const echoed = await request(ctx.app).get('/health').set('X-Request-Id', 'req-123.abc');
    expect(echoed.headers['x-request-id']).toBe('req-123.abc');
    const replaced = await request(ctx.app).get('/health').set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers and no X-Powered-By', async () => {
    const res = await request(ctx.app).get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

it('covers every system operation', () => {
  expect(cov.missing()).toEqual([]);
});
