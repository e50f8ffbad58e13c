/**
 * The one tracing set-up of Agent Studio's processes (the API server and `studio worker`): the
 * OpenTelemetry Node tracer provider with an OTLP/HTTP exporter behind a batch processor,
 * registered globally (tracer provider, AsyncLocalStorage context manager, W3C trace-context
 * propagator) — or nothing at all when tracing is off, so `@opentelemetry/api` stays a no-op.
 *
 * @module
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { tracingConfig, type TracingConfig } from './tracing-config.js';

/** Settings of {@link startTracing}. */
export interface StartTracingOptions {
  /** The service name when `OTEL_SERVICE_NAME` is unset (`agent-studio-api`, `agent-studio-worker`). */
  readonly serviceName: string;
  /** Where the `OTEL_*` variables are read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Replaces the OTLP exporter, spans exported one by one as they end (tests: an
   * `InMemorySpanExporter`). Tracing is still on only when the variables say so.
   */
  readonly exporter?: SpanExporter;
}

/** A process's tracing, as started. */
export interface Tracing {
  /** What the variables decided. */
  readonly config: TracingConfig;
  /** Exports the spans still buffered. */
  forceFlush(): Promise<void>;
  /** Exports what is buffered and unregisters the provider (idempotent). */
  shutdown(): Promise<void>;
}

/**
 * Starts tracing for this process when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set and `OTEL_SDK_DISABLED` is not `true`; otherwise
 * registers nothing. The exporter reads the other standard variables itself
 * (`OTEL_EXPORTER_OTLP_HEADERS`, `…_TIMEOUT`, …).
 *
 * @example
 * const tracing = startTracing({ serviceName: 'agent-studio-api' });
 * process.once('SIGTERM', () => void tracing.shutdown());
 */
export function startTracing(options: StartTracingOptions): Tracing {
  const config = tracingConfig(options.env ?? process.env, options.serviceName);
  if (!config.enabled) return { config, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
  const processor = options.exporter ? new SimpleSpanProcessor(options.exporter) : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  let stopped: Promise<void> | undefined;
  return {
    config,
    forceFlush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= (async () => {
        await provider.shutdown();
        // unregister, so a later start (tests) registers afresh
        trace.disable();
        context.disable();
        propagation.disable();
      })();
      return stopped;
    },
  };
}
