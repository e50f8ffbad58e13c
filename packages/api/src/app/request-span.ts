/**
 * The HTTP server span of each request, while tracing is on (`@agent-studio/telemetry`).
 *
 * The span continues the caller's trace when the request carries a W3C `traceparent`, is named
 * by method and **route template** (`POST /api/v1/deployments/:id/runs`, the template
 * `registerRoutes` sets for the metrics — never the raw path, so no name holds an id; just the
 * method when no route matched), and ends when the response closes: status code, ERROR on a 5xx
 * or an abort. Everything the request does — the API-key check, the handler's statements, an
 * invoke's `enqueue` — runs in its context, and so does the access-log line.
 *
 * @module
 */
import { agentStudioTracer, tracingActive } from '@agent-studio/db/tracing';
import { context as otelContext, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';

/**
 * The middleware: mount it first. With no tracer provider registered it only calls `next()`.
 *
 * @example
 * app.use(requestSpan());
 */
export function requestSpan(): RequestHandler {
  return (req, res, next) => {
    if (!tracingActive()) {
      next();
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = agentStudioTracer().startSpan(req.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
    const active = trace.setSpan(parent, span);
    // the body parser's and the response's callbacks run in the request's context too
    otelContext.bind(active, req);
    otelContext.bind(active, res);
    res.once('close', () => {
      const route: unknown = res.locals.route;
      if (typeof route === 'string') {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (!res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR, message: 'aborted by the client' });
      else if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${res.statusCode}` });
      span.end();
    });
    otelContext.with(active, next);
  };
}
