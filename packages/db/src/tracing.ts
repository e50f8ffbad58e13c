/**
 * `@agent-studio/db/tracing` — the tracing helpers every Agent Studio package shares, over
 * `@opentelemetry/api` only (a no-op until a process registers the SDK with
 * `@agent-studio/telemetry`): the one tracer, spans around work, the trace context carried by
 * queued jobs, and the trace fields of log lines. The engine itself makes a span per statement.
 *
 * @example
 * import { traceLogFields, withSpan } from '@agent-studio/db/tracing';
 * const logger = pino({ mixin: traceLogFields });
 * await withSpan('enqueue', {}, () => send(job));
 *
 * @module
 */
export { TRACER_NAME, agentStudioTracer, tracingActive } from './tracing/tracer.js';
export { traceLogFields, type TraceLogFields } from './tracing/trace-log-fields.js';
export { withSpan, failSpan, type WithSpanOptions } from './tracing/with-span.js';
export { currentTraceCarrier, contextFromCarrier, type TraceCarrier } from './tracing/trace-carrier.js';
