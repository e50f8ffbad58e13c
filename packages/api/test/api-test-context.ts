/**
 * Shared set-up for the API's tests: an isolated, migrated database (`createTestEngine`), the
 * Express app over it (`createApp`, silent logs), and one valid API key.
 *
 * @example
 * let ctx: ApiTestContext;
 * beforeAll(async () => { ctx = await createApiTestContext(); });
 * afterAll(() => ctx.close());
 * it('lists agents', async () => {
 *   const res = await request(ctx.app).get('/api/v1/agents').set(ctx.auth);
 *   expect(res.status).toBe(200);
 * });
 *
 * @module
 */
import { createRuntimeDatabase, type EngineRuntimeDatabase } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine, type TestEngineOverrides } from '@agent-studio/db/testing';
import { ApiKeysService, type ApiKeyScope } from '@agent-studio/sdk';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import { expect } from 'vitest';
import { closeApp, createApp, servedOperations } from '../src/app/create-app.js';
import { loadApiConfig, type ApiConfig } from '../src/config/api-config.js';

/** What {@link createApiTestContext} returns. */
export interface ApiTestContext {
  /** The engine on this context's own database. */
  readonly engine: TestEngine;
  /** Sessions and run notifications over that engine (what the app waits for and streams runs with). */
  readonly runtime: EngineRuntimeDatabase;
  /** The app (not listening; pass to supertest's `request(app)`). */
  readonly app: Express;
  /** The validated config the app was built with. */
  readonly config: ApiConfig;
  /** A valid API key (plaintext). */
  readonly apiKey: string;
  /** The id of that key. */
  readonly apiKeyId: string;
  /** `{ Authorization: 'Bearer <apiKey>' }`, for `.set(ctx.auth)`. */
  readonly auth: { readonly Authorization: string };
  /** Builds another app over the same engine (e.g. with `{ BODY_LIMIT: '1kb' }`). */
  appWith(env: Record<string, string>): Express;
  /** Closes the runtime's listener and the engine, and drops its database (idempotent). */
  close(): Promise<void>;
}

/** Options for {@link createApiTestContext}. */
export interface ApiTestContextOptions {
  /** Extra API environment variables (merged over `{ LOG_LEVEL: 'silent' }`). */
  readonly env?: Record<string, string>;
  /** Engine overrides (e.g. `{ poolMax: 1, acquireTimeoutMs: 200 }`). */
  readonly engine?: TestEngineOverrides;
}

/** Creates an API key (admin unless `scope` says otherwise) directly through the SDK (own session, committed). */
export async function createKey(engine: TestEngine, name = 'test', scope: ApiKeyScope = 'admin'): Promise<{ id: string; key: string }> {
  const created = await withSession(engine, (session) => ApiKeysService.createApiKey(session, { name, scope }));
  return { id: created.apiKey.id, key: created.key };
}

/**
 * An isolated database, the app over it and a valid key. Call in `beforeAll`; `close()` in
 * `afterAll`.
 */
export async function createApiTestContext(options: ApiTestContextOptions = {}): Promise<ApiTestContext> {
  const engine = await createTestEngine(options.engine);
  const runtime = createRuntimeDatabase(engine);
  try {
    const { id, key } = await createKey(engine, 'api-test');
    const apps: Express[] = [];
    const build = (env: Record<string, string>): { app: Express; config: ApiConfig } => {
      const config = loadApiConfig({ LOG_LEVEL: 'silent', ...options.env, ...env });
      const built = createApp({ engine, config, runtime });
      apps.push(built);
      return { app: built, config };
    };
    const { app, config } = build({});
    return {
      engine,
      runtime,
      app,
      config,
      apiKey: key,
      apiKeyId: id,
      auth: { Authorization: `Bearer ${key}` },
      appWith: (env) => build(env).app,
      close: async () => {
        await Promise.all(apps.map((a) => closeApp(a)));
        await runtime.close();
        await engine.close();
      },
    };
  } catch (error) {
    await runtime.close();
    await engine.close();
    throw error;
  }
}

/** The body of a problem response (RFC 9457). */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly { path: string; message: string }[];
  readonly [extra: string]: unknown;
}

/**
 * Asserts `res` is an `application/problem+json` response with `status` and the RFC 9457
 * members (type, title, status, detail); returns the body.
 */
export function expectProblem(res: Response, status: number): ProblemBody {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = (typeof res.body === 'object' && res.body !== null && Object.keys(res.body as object).length
    ? res.body
    : JSON.parse(res.text)) as ProblemBody;
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(body.status).toBe(status);
  expect(typeof body.detail).toBe('string');
  return body;
}

/** `${METHOD} ${path}` of an operation, with `{param}` path templates (as in OpenAPI). */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}

/**
 * Records which operations (of one tag, or all) a test file exercised successfully, so a file can
 * assert it covered every operation of its resource.
 *
 * @example
 * const cov = operationCoverage(ctx.engine, 'agents');
 * cov.ok(await request(ctx.app).get('/api/v1/agents').set(ctx.auth), 200);
 * expect(cov.missing()).toEqual([]);
 */
export function operationCoverage(engine: TestEngine, tag?: string): {
  /** Asserts `res.status === status` (a 2xx) and records the operation it hit; returns the body. */
  ok<T = Record<string, unknown>>(res: Response, status: number): T;
  /** Operation ids of the tag that no `ok()` recorded. */
  missing(): string[];
} {
  const ops = servedOperations(engine)
    .filter((o) => tag === undefined || o.tag === tag)
    .map((o) => {
      const full = `${o.mountedAt}${o.path}`;
      const pattern = new RegExp(`^${full.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`);
      return { id: o.operationId, method: o.method.toUpperCase(), full, pattern };
    });
  const hit = new Set<string>();
  return {
    ok<T>(res: Response, status: number): T {
      expect(res.status, res.text).toBe(status);
      const req = (res as unknown as { req: { method: string; path: string } }).req;
      const path = req.path.split('?')[0]!;
      // fixed segments win over parameters (e.g. /functions/validate before /functions/:id)
      const matches = ops.filter((o) => o.method === req.method && o.pattern.test(path));
      const best = matches.find((o) => o.full === path) ?? matches.sort((a, b) => a.full.split(':').length - b.full.split(':').length)[0];
      if (best) hit.add(best.id);
      return res.body as T;
    },
    missing: () => ops.filter((o) => !hit.has(o.id)).map((o) => o.id),
  };
}

/** A page of a list response, as the API returns it. */
export interface Page<T> {
  data: T[];
  pagination: { total: number; limit: number; offset: number };
}

/**
 * Authenticated supertest shorthands for `/api/v1`, bound lazily to the context a file creates
 * in `beforeAll`.
 *
 * @example
 * const { get, post, patch, del } = authedClient(() => ctx);
 * await post('/agents', { name: 'a', model: 'm' });
 */
export function authedClient(context: () => ApiTestContext) {
  const API = '/api/v1';
  return {
    get: (path: string) => request(context().app).get(`${API}${path}`).set(context().auth),
    post: (path: string, body?: object) => request(context().app).post(`${API}${path}`).set(context().auth).send(body),
    patch: (path: string, body: object) => request(context().app).patch(`${API}${path}`).set(context().auth).send(body),
    del: (path: string) => request(context().app).delete(`${API}${path}`).set(context().auth),
  };
}
