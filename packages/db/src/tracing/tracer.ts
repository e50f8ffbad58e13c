/**
 * The one tracer Agent Studio's code makes spans with, and the cheap check that tells whether
 * anyone records them.
 *
 * @module
 */
import { ProxyTracerProvider, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';

/** The instrumentation scope of every Agent Studio span. */
export const TRACER_NAME = 'agent-studio';

/** The API's own no-op provider: what a proxy delegates to while no SDK is registered. */
const NOOP_PROVIDER: TracerProvider = new ProxyTracerProvider().getDelegate();

/**
 * True when a tracer provider (the Node SDK, `@agent-studio/telemetry`) is registered. A few
 * property reads: hot paths call it before they build span names or closures, so tracing that
 * is off costs nothing.
 *
 * @example
 * if (tracingActive()) span = agentStudioTracer().startSpan('SELECT');
 */
export function tracingActive(): boolean {
  const provider = trace.getTracerProvider();
  const delegate = provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
  return delegate !== NOOP_PROVIDER;
}

/**
 * The `agent-studio` tracer of the registered provider (a no-op tracer when there is none).
 *
 * @example
 * const span = agentStudioTracer().startSpan('enqueue');
 */
export function agentStudioTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}
