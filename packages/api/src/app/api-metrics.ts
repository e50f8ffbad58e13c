/**
 * The API process's metrics: one prom-client registry per app with the HTTP request histogram
 * (method, route template, status class), the database pool and statement figures of its
 * engine and — when the process runs a worker — the run engine's (`observeRuns`).
 *
 * The route label is the route's template (`/api/v1/agents/:id`), set by `registerRoutes` before
 * the handler runs; a request no route matched is `unmatched`. Never the raw path, so no label
 * holds an id.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import type { Engine } from '@agent-studio/db/engine';
import { createRunMetrics, Registry, registerEngineMetrics } from '@agent-studio/sdk/metrics';
import type { RunObserver, RuntimeDatabase } from '@agent-studio/sdk/runtime';
import type { RequestHandler, Response } from 'express';
import { Histogram } from 'prom-client';
import type { MetricsAccess } from '../config/api-config.js';

/** Seconds: a cached primary-key read is ~1 ms here; a slow probe or `Prefer: wait` up to a minute. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** What an app measures and serves at `GET /metrics`. */
export interface ApiMetrics {
  /** Who may read `/metrics` (`off`: nothing is measured, the route answers 404). */
  readonly access: MetricsAccess;
  readonly registry: Registry;
  /** The HTTP middleware (mount first); a no-op when `access` is `off`. */
  readonly middleware: RequestHandler;
  /** Run engine metrics (and the queue depth) into this registry, for the process's own worker. */
  observeRuns(db: RuntimeDatabase): RunObserver;
  /** Stops observing the engine. */
  close(): void;
}

/**
 * Labels a response with a route template (for routes `registerRoutes` does not serve).
 *
 * @example
 * app.get('/openapi.json', (_req, res) => { labelRoute(res, '/openapi.json'); res.json(spec); });
 */
export function labelRoute(res: Response, template: string): void {
  res.locals.route = template;
}

function statusClass(res: Response): string {
  if (!res.writableFinished) return 'aborted';
  return `${Math.floor(res.statusCode / 100)}xx`;
}

const noop: RequestHandler = (_req, _res, next) => next();

/**
 * Builds the metrics of one app over `engine`.
 *
 * @example
 * const metrics = createApiMetrics(engine, 'loopback');
 * app.use(metrics.middleware);
 */
export function createApiMetrics(engine: Engine, access: MetricsAccess): ApiMetrics {
  const registry = new Registry();
  if (access === 'off') {
    return { access, registry, middleware: noop, observeRuns: () => ({}), close: () => undefined };
  }
  const duration = new Histogram({
    name: 'agent_studio_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status class (2xx…5xx, aborted); _count is the request count.',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  const stop = registerEngineMetrics(registry, engine);
  // one child per label set, looked up by a joined key: prom-client's observe(labels, v) checks
  // and hashes the label object on every call (the label sets are few: routes × methods × classes)
  const children = new Map<string, Histogram.Internal<'method' | 'route' | 'status_class'>>();
  const middleware: RequestHandler = (req, res, next) => {
    const start = performance.now();
    res.once('close', () => {
      const locals: unknown = res.locals.route;
      const route = typeof locals === 'string' ? locals : 'unmatched';
      const status = statusClass(res);
      const key = `${req.method} ${route} ${status}`;
      let child = children.get(key);
      if (!child) {
        child = duration.labels({ method: req.method, route, status_class: status });
        children.set(key, child);
      }
      child.observe((performance.now() - start) / 1000);
    });
    next();
  };
  return {
    access,
    registry,
    middleware,
    observeRuns: (db) => createRunMetrics(registry, { db }),
    close: stop,
  };
}
