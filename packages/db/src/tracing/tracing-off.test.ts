/**
 * With no tracer provider registered (tracing off, the default) the helpers do nothing: no
 * span, no context, no carrier, no log fields, and statements run unwrapped by spans.
 */
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../exec/open-session.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { currentTraceCarrier } from './trace-carrier.js';
import { traceLogFields } from './trace-log-fields.js';
import { tracingActive } from './tracer.js';
import { withSpan } from './with-span.js';

let engine: TestEngine;
beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
});

describe('tracing off', () => {
  it('nothing is registered: a no-op tracer, no active span, withSpan hands no span', async () => {
    expect(tracingActive()).toBe(false);
    expect(trace.getTracer('x').startSpan('y').isRecording()).toBe(false);
    const seen = await withSpan('work', {}, (span) => Promise.resolve({ span, active: trace.getActiveSpan(), fields: traceLogFields(), carrier: currentTraceCarrier() }));
    expect(seen).toEqual({ span: undefined, active: undefined, fields: {}, carrier: {} });
    // statements still run (and fail) as before
    await expect(withSession(engine, (s) => s.executeSql('SELECT 1 AS one'))).resolves.toBeDefined();
    await expect(withSession(engine, (s) => s.executeSql('SELEC 1'))).rejects.toThrow();
  });

  it('traceLogFields returns a fresh object each call (pino merges a line into it)', () => {
    const a = traceLogFields();
    (a as Record<string, unknown>).x = 1;
    expect(traceLogFields()).toEqual({});
  });
});
