/**
 * Runs work inside a span — or, when tracing is off, just runs it.
 *
 * @module
 */
import { context as otelContext, SpanStatusCode, trace, type Attributes, type Context, type Span, type SpanKind } from '@opentelemetry/api';
import { agentStudioTracer, tracingActive } from './tracer.js';

/** Settings of {@link withSpan}. */
export interface WithSpanOptions {
  readonly attributes?: Attributes;
  readonly kind?: SpanKind;
  /** The parent context (default: the active one), e.g. one extracted from a job's traceparent. */
  readonly parent?: Context;
}

/**
 * Marks `span` failed with `error`: status ERROR with its message, and the exception recorded.
 *
 * @example
 * failSpan(span, new Error('boom'));
 */
export function failSpan(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : message);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * Runs `fn` in a new active span named `name` and ends it when `fn` settles; a throw (or a
 * rejection) sets the span's status to ERROR and records the exception, then propagates. With
 * no tracer provider registered, `fn(undefined)` runs directly: no span, no context switch.
 *
 * @example
 * const id = await withSpan('enqueue', { attributes: { 'run.id': runId } }, () => send(job));
 */
export async function withSpan<T>(name: string, options: WithSpanOptions, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!tracingActive()) return fn(undefined);
  const parent = options.parent ?? otelContext.active();
  const span = agentStudioTracer().startSpan(name, { ...(options.attributes ? { attributes: options.attributes } : {}), ...(options.kind !== undefined ? { kind: options.kind } : {}) }, parent);
  try {
    return await otelContext.with(trace.setSpan(parent, span), () => fn(span));
  } catch (e) {
    failSpan(span, e);
    throw e;
  } finally {
    span.end();
  }
}
