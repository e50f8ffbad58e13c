/**
 * With a tracer provider registered (as `@agent-studio/telemetry` does in a process): a span
 * per statement with the operation and never the values, nested spans, errors as ERROR with
 * the exception, the trace carried across a queue, and the trace fields of log lines.
 */
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withSession } from '../exec/open-session.js';
import { SessionLocal } from '../legacy/session-local.js';
import { Agent } from '../models/agent.js';
import { createTestEngine, type TestEngine } from '../testing/test-engine.js';
import { statementOperation } from '../engine/statement-span.js';
import { contextFromCarrier, currentTraceCarrier } from './trace-carrier.js';
import { traceLogFields } from './trace-log-fields.js';
import { tracingActive } from './tracer.js';
import { withSpan } from './with-span.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let engine: TestEngine;

beforeAll(async () => {
  provider.register();
  engine = await createTestEngine();
});
afterAll(async () => {
  await engine.close();
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => exporter.reset());

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const statements = () => spans().filter((s) => s.attributes['db.system'] === 'postgresql');

describe('statementOperation', () => {
  it('is the first keyword, upper-cased, of a text or a query config', () => {
    expect(statementOperation('  select 1')).toBe('SELECT');
    expect(statementOperation({ text: 'INSERT INTO runs VALUES ($1)' })).toBe('INSERT');
    expect(statementOperation('WITH x AS (SELECT 1) SELECT * FROM x')).toBe('WITH');
    expect(statementOperation(42)).toBe('QUERY');
  });
});

describe('tracing on', () => {
  it('is active', () => {
    expect(tracingActive()).toBe(true);
  });

  it('a span per statement, a child of the active span, with the operation and no values (exec and legacy sessions)', async () => {
    const secret = 'p4ssw0rd-not-in-a-span';
    await withSpan('work', {}, async () => {
      await withSession(engine, (s) => s.executeSql('SELECT $1::text AS v', [secret]));
      await using db = SessionLocal(engine);
      await db.query(Agent).count();
    });
    const work = spans().find((s) => s.name === 'work')!;
    const mine = statements().filter((s) => s.parentSpanContext?.spanId === work.spanContext().spanId);
    expect(mine.map((s) => s.name)).toContain('SELECT');
    expect(mine.length).toBeGreaterThanOrEqual(2); // the exec read and Sequelize's count
    for (const s of mine) {
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.spanContext().traceId).toBe(work.spanContext().traceId);
      expect(s.attributes).toEqual({ 'db.system': 'postgresql', 'db.system.name': 'postgresql', 'db.operation.name': s.name });
    }
    expect(JSON.stringify(spans().map((s) => [s.name, s.attributes, s.events]))).not.toContain(secret);
  });

  it('a statement outside any span makes no trace of its own (polls, heartbeats, migrations)', async () => {
    await withSession(engine, (s) => s.executeSql('SELECT 1'));
    expect(statements()).toEqual([]);
  });

  it('a failed statement is an ERROR span with the exception recorded', async () => {
    await withSpan('work', {}, () => withSession(engine, (s) => s.executeSql('SELEC 1'))).catch(() => undefined);
    const failed = statements().find((s) => s.status.code === SpanStatusCode.ERROR);
    expect(failed?.name).toBe('SELEC');
    expect(failed?.events.map((e) => e.name)).toContain('exception');
  });

  it('withSpan: a throw sets ERROR, records the exception and propagates', async () => {
    await expect(withSpan('boom', {}, () => Promise.reject(new Error('kaput')))).rejects.toThrow('kaput');
    const boom = spans().find((s) => s.name === 'boom')!;
    expect(boom.status).toEqual({ code: SpanStatusCode.ERROR, message: 'kaput' });
    expect(boom.events[0]?.attributes?.['exception.message']).toBe('kaput');
  });

  it('a carrier continues the trace elsewhere; log fields name the active span', async () => {
    let carrier = {};
    let inside = {};
    await withSpan('producer', {}, (span) => {
      carrier = currentTraceCarrier();
      inside = traceLogFields();
      expect(inside).toEqual({ trace_id: span!.spanContext().traceId, span_id: span!.spanContext().spanId });
      return Promise.resolve();
    });
    expect(traceLogFields()).toEqual({});
    expect(carrier).toMatchObject({ traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/) });
    // no active span here: the consumer's parent comes from the carrier alone
    await withSpan('consumer', { parent: contextFromCarrier(carrier) }, () => Promise.resolve());
    const producer = spans().find((s) => s.name === 'producer')!;
    const consumer = spans().find((s) => s.name === 'consumer')!;
    expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    // no traceparent: a new trace
    await withSpan('fresh', { parent: contextFromCarrier({}) }, () => Promise.resolve());
    expect(spans().find((s) => s.name === 'fresh')!.parentSpanContext).toBeUndefined();
  });
});
