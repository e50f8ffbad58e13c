/**
 * Registers route specs on an Express router: validates params, query and body with their zod
 * schemas (a failure is a 422 with field paths), then runs the handler in the request's session;
 * what it throws is mapped once, by `toHttpProblem`, with the route's field paths.
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { Router, type RequestHandler } from 'express';
import type { z } from 'zod';
import { AuditEventsService, RunsService, type Caller } from '@agent-studio/sdk';
import { callerId } from '../auth/caller.js';
import { authorizeRoute, authorizeRunAccess, defaultRouteAuth } from '../auth/route-auth.js';
import { HttpProblem } from '../http/http-problem.js';
import { ifMatchVersion } from './route-helpers.js';
import { isDeferredResult, withRequestSession } from '../session/request-session.js';
import type { RouteSpec } from './route-spec.js';

function validate(schema: z.ZodType | undefined, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpProblem(422, `The request ${where} is invalid.`, {
    extras: { errors: result.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message })) },
  });
}

/** True when `head` names a field the object schema does not have (e.g. a stored row's field). */
function notAFieldOf(schema: z.ZodType | undefined, head: string | number | undefined): boolean {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return typeof head === 'string' && shape !== undefined && !Object.hasOwn(shape, head);
}

/**
 * The `params.` / `query.` / `body.` path of a field a service rejected (services see the
 * values, not where they came from): a path parameter's name wins, then the body, then the
 * query. A path into something the request did not send (e.g. `definition.nodes.1` of the
 * workflow an invoke runs) stays as the service gave it.
 */
function locate(route: RouteSpec, params: object, path: readonly (string | number)[]): string {
  const head = path[0];
  let where =
    typeof head === 'string' && Object.hasOwn(params, head) ? 'params' : route.body ? 'body' : route.query ? 'query' : undefined;
  if ((where === 'body' && notAFieldOf(route.body, head)) || (where === 'query' && notAFieldOf(route.query, head))) where = undefined;
  return [...(where ? [where] : []), ...path.map(String)].join('.');
}

/** The id of the resource a write touched: the path's `:id`, else the id in the response. */
function resourceIdOf(params: Record<string, string | string[]>, body: unknown): string | null {
  if (typeof params.id === 'string') return params.id;
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { id?: unknown; apiKey?: { id?: unknown }; deployment?: { id?: unknown } };
  const id = b.id ?? b.apiKey?.id ?? b.deployment?.id;
  return typeof id === 'string' ? id : null;
}

/** How {@link registerRoutes} reads request bodies. */
export interface RegisterRoutesOptions {
  /** Parses a JSON body (`express.json(...)`); run only on routes that take a body. */
  readonly jsonBody: RequestHandler;
}

/**
 * A router serving `routes`. Only routes with a `body` schema read the request body.
 *
 * @example
 * app.use('/api/v1', registerRoutes(engine, apiRoutes(), { jsonBody: express.json({ limit: '1mb' }) }));
 */
export function registerRoutes(engine: Engine, routes: readonly RouteSpec[], options: RegisterRoutesOptions): Router {
  const router = Router();
  for (const route of routes) {
    // the route template, for the metrics' route label (never the raw path)
    const label: RequestHandler = (req, res, next) => {
      res.locals.route = req.baseUrl + route.path;
      next();
    };
    router[route.method](
      route.path,
      label,
      ...(route.body ? [options.jsonBody] : []),
      withRequestSession(engine, async ({ req, res, session, signal }) => {
        let caller: Caller | undefined;
        if (route.auth !== false) {
          caller = res.locals.caller;
          if (!caller) throw new Error(`${route.operationId}: no caller (the API-key middleware must run first)`);
          const id = req.params.id;
          authorizeRoute(caller, route.auth ?? defaultRouteAuth(route.method), typeof id === 'string' ? id : undefined, route.method);
        }
        const params = validate(route.params, req.params, 'params');
        if (route.auth === 'run' && caller) {
          await authorizeRunAccess(caller, String((params as { id?: unknown }).id), async (runId) => (await RunsService.getRun(session, runId)).deploymentId);
        }
        const query = validate(route.query, req.query, 'query');
        const sentBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
        if (route.body && sentBody && req.body === undefined) {
          // express.json() parses application/json only; anything else arrives unparsed
          throw new HttpProblem(415, 'Send the request body as application/json.');
        }
        const wanted = route.ifMatch ? ifMatchVersion(req) : undefined;
        let rawBody: unknown = req.body ?? {};
        if (typeof wanted === 'number') {
          const given = (rawBody as { version?: unknown }).version;
          if (Number.isNaN(wanted) || (given !== undefined && given !== wanted)) {
            throw new HttpProblem(412, 'If-Match does not name the version in the request.');
          }
          rawBody = { ...(rawBody as object), version: wanted };
        }
        const body = validate(route.body, rawBody, 'body');
        // toHttpProblem answers a service's ValidationError with the route's field paths, a stale version after If-Match with a 412
        res.locals.problemContext = { locate: locate.bind(undefined, route, req.params), ifMatch: wanted !== undefined };
        const result = await route.handler({ req, res, session, signal, caller, params, query, body });
        const reply = isDeferredResult(result) ? undefined : result;
        const status = reply ? (reply.status ?? route.status ?? (route.response ? 200 : 204)) : (route.status ?? 200);
        if (caller && route.method !== 'get' && route.audit !== false && status < 400) {
          // in the request's own session: committed with the change, rolled back with it
          AuditEventsService.recordAuditEvent(session, {
            actorKind: caller.kind,
            actorId: callerId(caller),
            action: route.operationId,
            method: route.method.toUpperCase() as 'POST',
            status,
            resourceType: route.tag,
            resourceId: resourceIdOf(req.params, reply?.body),
            clientAddress: req.ip ?? null,
            requestId: typeof res.locals.requestId === 'string' ? res.locals.requestId : null,
          });
        }
        if (!reply) return result;
        return { ...reply, status };
      }),
    );
  }
  return router;
}
