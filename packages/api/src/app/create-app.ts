/**
 * `createApp({ engine, config })`: the Express 5 application — security headers, CORS, request
 * ids, redacted JSON logs, open system routes, the spec and docs, and `/api/v1` behind API-key
 * auth with one exec session per request. Every error is an RFC 9457 problem.
 *
 * @module
 */
import { createRuntimeDatabase, type Engine } from '@agent-studio/db/engine';
import type { RuntimeDatabase } from '@agent-studio/sdk/runtime';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { apiKeyAuth } from '../auth/api-key-auth.js';
import { appStateOf, attachAppState } from './app-state.js';
import { ProbeGate } from './probe-gate.js';
import { createAuthFailureLimiter } from '../auth/auth-failure-limiter.js';
import { CallerCache } from '../auth/caller-cache.js';
import { listenForKeyChanges } from '../auth/key-change-listener.js';
import type { ApiConfig } from '../config/api-config.js';
import { HttpProblem } from '../http/http-problem.js';
import { jsonDepthGuard } from '../http/json-depth.js';
import { problemErrorHandler } from '../http/problem-error-handler.js';
import { buildOpenApi } from '../openapi/build-openapi.js';
import { apiRoutes } from '../routes/api-routes.js';
import { registerRoutes } from '../routes/register-routes.js';
import type { RouteSpec } from '../routes/route-spec.js';
import { API_VERSION, systemRoutes } from '../routes/system-routes.js';
import { docsRouter } from './docs-page.js';
import { createApiMetrics, labelRoute } from './api-metrics.js';
import { metricsRoute } from '../routes/metrics-route.js';
import { createLogger } from './logger.js';
import { requestLogger } from './request-logger.js';
import { requestSpan } from './request-span.js';
import { apiSecurityHeaders, documentSecurityHeaders } from './security-headers.js';

/** What `createApp` needs. */
export interface AppOptions {
  readonly engine: Engine;
  readonly config: ApiConfig;
  readonly logger?: Logger;
  /**
   * Sessions and notifications for the routes that wait for or stream runs. Default: one over
   * `engine` (`createRuntimeDatabase`) whose LISTEN connection opens on the first watch; pass
   * your own to close it on shutdown.
   */
  readonly runtime?: RuntimeDatabase;
}

/** The API prefix. */
export const API_PREFIX = '/api/v1';

/**
 * Builds the application (it does not listen).
 *
 * @example
 * const app = createApp({ engine, config: loadApiConfig() });
 * app.listen(3000);
 */
export function createApp({ engine, config, logger = createLogger(config.logLevel), runtime }: AppOptions): Express {
  const metrics = createApiMetrics(engine, config.metrics);
  const open = [...systemRoutes(engine, { readyTimeoutMs: config.readyTimeoutMs }), metricsRoute(metrics)];
  const protectedRoutes = apiRoutes(runtime ?? createRuntimeDatabase(engine, { onError: (e) => logger.warn({ err: e.message }, 'run notifications: reconnecting') }));
  const mounted = [
    ...open.map((r) => ({ ...r, mountedAt: '' })),
    ...protectedRoutes.map((r) => ({ ...r, mountedAt: API_PREFIX })),
  ];
  const spec = buildOpenApi(mounted, { version: API_VERSION });

  const app = express();
  app.disable('x-powered-by');
  app.locals.openApiDocument = spec; // the served document, for tools (the tests' response checker)
  app.set('trust proxy', config.trustProxy);
  const cache = new CallerCache(config.apiKeyCacheTtlMs);
  const listener = listenForKeyChanges(engine, cache, logger);
  attachAppState(app, { cache, listener, probes: new ProbeGate(config.maxConcurrentProbes), metrics });
  const limiter = createAuthFailureLimiter(engine, { points: config.authFailureLimit, durationS: config.authFailureWindowS });
  app.use(requestSpan());
  if (config.metrics !== 'off') app.use(metrics.middleware);
  app.use(requestLogger(logger));
  if (config.corsOrigins.length) {
    app.use(cors({ origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins], exposedHeaders: ['ETag', 'X-Request-Id'] }));
  }

  const routeOptions = {
    jsonBody: express.json({ limit: config.bodyLimit, strict: true, verify: jsonDepthGuard(config.jsonMaxDepth) }),
  };
  const notFound: RequestHandler = (req, _res, next) => {
    next(new HttpProblem(404, `No route for ${req.method} ${req.originalUrl.split('?')[0]}.`));
  };
  // the API first: its requests (nearly all of them) skip the matching of the open routes
  app.use(
    API_PREFIX,
    apiSecurityHeaders(),
    apiKeyAuth(engine, { cache, limiter }),
    registerRoutes(engine, protectedRoutes, routeOptions),
    notFound, // an unknown API path is answered here, as an API response
  );
  app.use(documentSecurityHeaders());
  if (config.metrics === 'admin') app.use('/metrics', apiKeyAuth(engine, { cache, limiter }));
  app.use(registerRoutes(engine, open, routeOptions));
  app.get('/openapi.json', (_req, res) => {
    labelRoute(res, '/openapi.json');
    res.json(spec);
  });
  app.use(
    '/docs',
    (_req, res, next) => {
      labelRoute(res, '/docs');
      next();
    },
    docsRouter(),
  );

  app.use(notFound);
  app.use(problemErrorHandler(logger));
  return app;
}

/**
 * Releases what an app holds besides the engine (its key-change listener's connection). Call it
 * before closing the engine.
 *
 * @example
 * await closeApp(app);
 * await engine.close();
 */
export async function closeApp(app: Express): Promise<void> {
  const state = appStateOf(app);
  state.metrics.close();
  await state.listener.close();
}

/** Every operation the app serves, for the routes-equal-spec test. */
export function servedOperations(engine: Engine): readonly (RouteSpec & { mountedAt: string })[] {
  const routes = apiRoutes(createRuntimeDatabase(engine)); // never served: its listener never connects
  const open = [...systemRoutes(engine, { readyTimeoutMs: 2_000 }), metricsRoute(createApiMetrics(engine, 'off'))];
  return [...open.map((r) => ({ ...r, mountedAt: '' })), ...routes.map((r) => ({ ...r, mountedAt: API_PREFIX }))];
}
