/**
 * The process set-up: off (nothing registered, the API stays a no-op) unless an OTLP endpoint is
 * configured; `OTEL_SDK_DISABLED=true` wins; on, spans reach the exporter with the service name,
 * and `shutdown()` unregisters.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { startTracing } from './start-tracing.js';
import { tracingConfig } from './tracing-config.js';

const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };

describe('tracingConfig', () => {
  it('is off without an endpoint, on with either endpoint variable, and OTEL_SDK_DISABLED=true wins', () => {
    expect(tracingConfig({}, 'agent-studio-api')).toEqual({ enabled: false, reason: 'no-endpoint' });
    expect(tracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, 'agent-studio-api')).toEqual({ enabled: false, reason: 'no-endpoint' });
    expect(tracingConfig(ENDPOINT, 'agent-studio-api')).toEqual({ enabled: true, serviceName: 'agent-studio-api', endpoint: 'http://127.0.0.1:4318' });
    expect(tracingConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces', OTEL_SERVICE_NAME: 'w1' }, 'agent-studio-worker')).toEqual({
      enabled: true,
      serviceName: 'w1',
      endpoint: 'http://c:4318/v1/traces',
    });
    expect(tracingConfig({ ...ENDPOINT, OTEL_SDK_DISABLED: 'TRUE' }, 'agent-studio-api')).toEqual({ enabled: false, reason: 'disabled' });
    expect(tracingConfig({ ...ENDPOINT, OTEL_SDK_DISABLED: 'false' }, 'agent-studio-api').enabled).toBe(true);
  });
});

describe('startTracing', () => {
  it('with no endpoint set registers nothing: the global tracer stays a no-op', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ serviceName: 'agent-studio-api', env: {}, exporter });
    expect(tracing.config.enabled).toBe(false);
    const span = trace.getTracer('t').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(exporter.getFinishedSpans()).toEqual([]);
    await tracing.shutdown();
  });

  it('with OTEL_SDK_DISABLED=true registers nothing either', () => {
    const tracing = startTracing({ serviceName: 'agent-studio-api', env: { ...ENDPOINT, OTEL_SDK_DISABLED: 'true' }, exporter: new InMemorySpanExporter() });
    expect(tracing.config).toEqual({ enabled: false, reason: 'disabled' });
    expect(trace.getTracer('t').startSpan('nothing').isRecording()).toBe(false);
  });

  it('with an endpoint: spans are exported with the service name, contexts propagate, shutdown unregisters', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing({ serviceName: 'agent-studio-worker', env: { ...ENDPOINT, OTEL_SERVICE_NAME: 'worker-7' }, exporter });
    expect(tracing.config.enabled).toBe(true);
    const tracer = trace.getTracer('t');
    await tracer.startActiveSpan('outer', async (outer) => {
      await new Promise((r) => setTimeout(r, 1));
      // the AsyncLocalStorage context manager: still active after an await
      expect(trace.getActiveSpan()).toBe(outer);
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      expect(carrier.traceparent).toContain(outer.spanContext().traceId);
      outer.end();
    });
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('outer');
    expect(span?.resource.attributes['service.name']).toBe('worker-7');
    await tracing.shutdown();
    await tracing.shutdown(); // idempotent
    expect(trace.getTracer('t').startSpan('after').isRecording()).toBe(false);
  });
});
