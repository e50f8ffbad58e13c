/**
 * Brute force on a listening server: after N failed keys from one client address it answers 429
 * with Retry-After — even for a valid key — while another address is unaffected; the count lives
 * in the database (server) so a second app over the same database sees it too. Clients bind
 * different loopback source addresses (127.0.0.2, 127.0.0.3).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';

const LIMIT = 3;
let ctx: ApiTestContext;
const servers: Server[] = [];

beforeAll(async () => {
  ctx = await createApiTestContext({ env: { AUTH_FAILURE_LIMIT: String(LIMIT), AUTH_FAILURE_WINDOW_S: '60' } });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await ctx?.close();
});

async function listen(app: Express): Promise<number> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number, from: string, key: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, localAddress: from, path: '/api/v1/agents', headers: { Authorization: `Bearer ${key}`, ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const guess = () => `as_${randomBytes(32).toString('base64url')}`;

describe('failed authentications are rate-limited per client address', () => {
  it(`429 with Retry-After after ${LIMIT} failures from one address, not from another; across apps`, async () => {
    const port = await listen(ctx.app);
    for (let i = 0; i < LIMIT; i++) expect((await get(port, '127.0.0.2', guess())).status).toBe(401);
    const limited = await get(port, '127.0.0.2', guess());
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    // blocked before the lookup: even the right key is refused from that address for now
    expect((await get(port, '127.0.0.2', ctx.apiKey)).status).toBe(429);
    // another address is unaffected
    expect((await get(port, '127.0.0.3', guess())).status).toBe(401);
    expect((await get(port, '127.0.0.3', ctx.apiKey)).status).toBe(200);
    if (ctx.engine.kind === 'server') {
      // a second process's app over the same database shares the count (the auth_failures table)
      const other = await listen(ctx.appWith({ AUTH_FAILURE_LIMIT: String(LIMIT) }));
      expect((await get(other, '127.0.0.2', guess())).status).toBe(429);
    }
  });

  it('X-Forwarded-For is ignored unless trust proxy is configured', async () => {
    const port = await listen(ctx.appWith({ AUTH_FAILURE_LIMIT: '1' }));
    // spoofed addresses do not give a blocked socket address a fresh budget
    expect((await get(port, '127.0.0.4', guess(), { 'X-Forwarded-For': '10.0.0.1' })).status).toBe(401);
    expect((await get(port, '127.0.0.4', guess(), { 'X-Forwarded-For': '10.0.0.2' })).status).toBe(429);
    const proxied = await listen(ctx.appWith({ AUTH_FAILURE_LIMIT: '1', TRUST_PROXY: 'loopback' }));
    expect((await get(proxied, '127.0.0.5', guess(), { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(401);
    expect((await get(proxied, '127.0.0.5', guess(), { 'X-Forwarded-For': '203.0.113.7' })).status).toBe(429);
    expect((await get(proxied, '127.0.0.5', guess(), { 'X-Forwarded-For': '203.0.113.8' })).status).toBe(401);
  });

  it('a string that cannot be a key costs no database query; a well-formed guess does', async () => {
    const port = await listen(ctx.appWith({}));
    // every key lookup and every limiter query borrows a connection from the engine
    const borrow = vi.spyOn(ctx.engine, 'acquire');
    try {
      for (const bad of ['short', 'x'.repeat(600), 'has spaces but is long enough to pass']) {
        expect((await get(port, '127.0.0.6', bad)).status).toBe(401);
      }
      expect(borrow).not.toHaveBeenCalled();
      expect((await get(port, '127.0.0.6', guess())).status).toBe(401);
      expect(borrow).toHaveBeenCalled();
    } finally {
      borrow.mockRestore();
    }
  });
});
