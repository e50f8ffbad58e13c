/**
 * The one helper that puts the trace into log lines.
 *
 * @module
 */
import { trace } from '@opentelemetry/api';

/** The fields a log line gets inside a span. */
export interface TraceLogFields {
  readonly trace_id?: string;
  readonly span_id?: string;
}

/**
 * `trace_id` / `span_id` of the active span, or `{}` outside one (and always when tracing is
 * off) — a fresh object each call, since pino merges the line's own fields into what its
 * `mixin` returns. Usable as a pino `mixin` as is; other loggers merge it into each line.
 *
 * @example
 * const logger = pino({ mixin: traceLogFields });
 * logger.info('run started'); // {"trace_id":"4bf9…","span_id":"00f0…","msg":"run started",…}
 */
export function traceLogFields(): TraceLogFields {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
