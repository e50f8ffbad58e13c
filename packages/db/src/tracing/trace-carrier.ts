/**
 * The W3C trace context (`traceparent`) of a piece of work handed to another process: written
 * where the work is queued, read where it is picked up.
 *
 * @module
 */
import { context as otelContext, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { tracingActive } from './tracer.js';

/** What travels with queued work (a run's job payload). */
export interface TraceCarrier {
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/**
 * The active context as `{ traceparent, tracestate? }`, or `{}` when tracing is off or no span
 * is active.
 *
 * @example
 * await boss.send(queue, { runId, ...currentTraceCarrier() });
 */
export function currentTraceCarrier(): TraceCarrier {
  if (!tracingActive()) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(otelContext.active(), carrier);
  return carrier.traceparent ? { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) } : {};
}

/**
 * The context a carrier names (its span becomes the parent of the spans started under it), or
 * the root context when it names none.
 *
 * @example
 * await withSpan('run', { parent: contextFromCarrier(job.data) }, () => execute(job));
 */
export function contextFromCarrier(carrier: TraceCarrier | undefined): Context {
  if (!carrier?.traceparent) return ROOT_CONTEXT;
  const headers: Record<string, string> = { traceparent: carrier.traceparent, ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}) };
  return propagation.extract(ROOT_CONTEXT, headers);
}
