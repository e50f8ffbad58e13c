import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';
import { captureLogs } from '../../test/log-capture.js';
import { createApp } from './create-app.js';
import { requestLogger } from './request-logger.js';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  [key: string]: unknown;
}

const capture = () => captureLogs<Line>();

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('requestLogger', () => {
  const { logger, lines } = capture();
  const app = express();
  app.use(requestLogger(logger));
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/gone', (_req, res) => void res.status(404).end());
  app.get('/broken', (_req, res) => void res.status(500).end());
  let received: () => void = () => undefined;
  app.get('/hang', () => received()); // never answers

  it('writes one line per request: id, method, url, status, time; level by status', async () => {
    const res = await request(app).get('/ok?x=1').set('X-Request-Id', 'abc-1');
    expect(res.headers['x-request-id']).toBe('abc-1');
    await request(app).get('/gone');
    await request(app).get('/broken');
    await until(() => lines.length === 3);
    const [ok, gone, broken] = lines;
    expect(ok).toMatchObject({ level: 30, msg: 'request completed', reqId: 'abc-1', req: { method: 'GET', url: '/ok?x=1' }, res: { statusCode: 200 } });
    expect(ok!.responseTime).toBeGreaterThanOrEqual(0);
    expect(gone).toMatchObject({ level: 40, res: { statusCode: 404 } });
    expect(gone!.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(broken).toMatchObject({ level: 50, res: { statusCode: 500 } });
  });

  it('logs a request the client abandoned as aborted, at error', async () => {
    lines.length = 0;
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const arrived = new Promise<void>((resolve) => (received = resolve));
      const req = httpRequest({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, path: '/hang' });
      req.on('error', () => undefined);
      req.end();
      await arrived;
      req.destroy();
      await until(() => lines.length === 1);
      expect(lines[0]).toMatchObject({ level: 50, msg: 'request aborted', req: { url: '/hang' } });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the API access log', () => {
  let ctx: ApiTestContext;
  beforeAll(async () => {
    ctx = await createApiTestContext();
  });
  afterAll(() => ctx?.close());

  it('never contains an API key, accepted or rejected', async () => {
    const { logger, lines, raw } = capture();
    const app = createApp({ engine: ctx.engine, config: ctx.config, logger });
    const bad = 'not-a-real-key-0123456789';
    expect((await request(app).get('/api/v1/agents').set(ctx.auth)).status).toBe(200);
    expect((await request(app).get('/api/v1/agents').set('Authorization', `Bearer ${bad}`)).status).toBe(401);
    await until(() => lines.length === 2);
    expect(lines.map((l) => [l.level, l.res?.statusCode])).toEqual([
      [30, 200],
      [40, 401],
    ]);
    for (const text of raw) {
      expect(text).not.toContain(ctx.apiKey);
      expect(text).not.toContain(bad);
    }
  });

  it('redacts credentials wherever the logger meets them', () => {
    const { logger, raw } = capture();
    logger.info({ apiKey: 'k1', server: { headers: { Authorization: 'Bearer k2' }, env: { TOKEN: 'k3' } } }, 'x');
    expect(raw).toHaveLength(1);
    expect(raw[0]).not.toMatch(/k1|k2|k3/);
    expect(raw[0]).toContain('[redacted]');
  });
});
