/**
 * Tracing off (no OTLP endpoint, the default): nothing is registered, a request gets no span
 * and its log lines no trace fields — the middleware only calls `next()`. (Tracing on:
 * `src/routes/run-tracing.test.ts`.)
 */
import { tracingActive } from '@agent-studio/db/tracing';
import { startTracing } from '@agent-studio/telemetry';
import { trace } from '@opentelemetry/api';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';
import { closeApp, createApp } from './create-app.js';
import { captureLogs } from '../../test/log-capture.js';

const { logger, lines } = captureLogs();
let ctx: ApiTestContext;

beforeAll(async () => {
  ctx = await createApiTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

describe('tracing off', () => {
  it('the process set-up registers nothing without an endpoint; requests and their log lines carry no trace', async () => {
    const tracing = startTracing({ serviceName: 'agent-studio-api', env: {} });
    expect(tracing.config).toEqual({ enabled: false, reason: 'no-endpoint' });
    expect(tracingActive()).toBe(false);
    const app = createApp({ engine: ctx.engine, config: ctx.config, logger, runtime: ctx.runtime });
    try {
      const res = await request(app).get('/api/v1/agents').set(ctx.auth).set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
      expect(res.status).toBe(200);
      const access = lines.find((l) => l.msg === 'request completed');
      expect(access).toBeDefined();
      expect(access).not.toHaveProperty('trace_id');
      expect(access).not.toHaveProperty('span_id');
      expect(trace.getActiveSpan()).toBeUndefined();
    } finally {
      await closeApp(app);
    }
  });
});
