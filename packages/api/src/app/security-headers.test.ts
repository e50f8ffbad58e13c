import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';

let ctx: ApiTestContext;
beforeAll(async () => {
  ctx = await createApiTestContext();
});
afterAll(() => ctx?.close());

const API_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};
const HTML_ONLY = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-xss-protection'];

describe('security headers', () => {
  it('API responses, successful or not, carry the OWASP REST set and nothing meant for HTML', async () => {
    for (const res of [
      await request(ctx.app).get('/api/v1/agents').set(ctx.auth),
      await request(ctx.app).get('/api/v1/agents'), // 401
      await request(ctx.app).get('/api/v1/no-such-thing').set(ctx.auth), // 404
    ]) {
      expect(res.headers).toMatchObject(API_HEADERS);
      for (const name of HTML_ONLY) expect(res.headers[name]).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('the docs page and the other documents get helmet defaults for HTML', async () => {
    for (const path of ['/docs/', '/openapi.json', '/health']) {
      const res = await request(ctx.app).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
