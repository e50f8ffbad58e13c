/**
 * `GET /metrics`: the process's Prometheus metrics in the text format. Who may read them is
 * `METRICS`: `loopback` (default: clients on 127.0.0.0/8 or ::1 by the socket's address, never
 * X-Forwarded-For), `admin` (an admin API key), `open`, or `off` (404).
 *
 * @module
 */
import { requireScope } from '../auth/route-auth.js';
import type { ApiMetrics } from '../app/api-metrics.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/**
 * True for an IPv4 loopback address, `::1` or the IPv4-mapped form of a loopback address.
 *
 * @example
 * isLoopback("::ffff:127.0.0.1"); // true
 */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * The metrics route over `metrics` (an open route: its access rule is its own).
 *
 * @example
 * const routes = [...systemRoutes(engine, options), metricsRoute(createApiMetrics(engine, 'loopback'))];
 */
export function metricsRoute(metrics: ApiMetrics): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'system',
    summary: 'Prometheus metrics (text format): HTTP, database pool, runs. Loopback clients only by default (METRICS)',
    auth: false,
    // documented as it is configured: with METRICS=admin the scrape needs an admin key
    ...(metrics.access === 'admin' ? { documentedAuth: 'bearer' as const } : {}),
    status: 200,
    otherResponses: {
      200: {
        description: 'The metrics',
        mediaType: { type: 'text/plain', description: 'Prometheus text exposition format (version=0.0.4)' },
      },
    },
    // 401/403: not a loopback client (METRICS=loopback) or not an admin key (METRICS=admin); 404: METRICS=off
    errors: [401, 403, 404],
    handler: async ({ req, res }) => {
      switch (metrics.access) {
        case 'off':
          throw new HttpProblem(404, 'Metrics are off (METRICS=off).');
        case 'loopback':
          if (!isLoopback(req.socket.remoteAddress)) {
            throw new HttpProblem(403, 'Metrics are served to loopback clients only (set METRICS=admin to serve them to admin keys).');
          }
          break;
        case 'admin': {
          const caller: unknown = res.locals.caller;
          if (!caller) throw new HttpProblem(401, 'Send an admin API key as Authorization: Bearer <key>.');
          requireScope(caller as Parameters<typeof requireScope>[0], 'admin');
          break;
        }
        case 'open':
          break;
      }
      const text = await metrics.registry.metrics();
      return {
        stream: ({ res: out }) => {
          out.status(200).setHeader('Content-Type', metrics.registry.contentType);
          out.end(text);
          return Promise.resolve();
        },
      };
    },
  });
}
