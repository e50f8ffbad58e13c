/**
 * The routes Express serves and the operations `/openapi.json` documents are the same set, and the
 * document is OpenAPI 3.1 with a bearer scheme and unique operation ids.
 */
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, operationKey, type ApiTestContext } from '../../test/api-test-context.js';
import { API_PREFIX, servedOperations } from '../app/create-app.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  slash: boolean;
  match(path: string): false | { pattern?: string; path?: string };
}

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  security: Record<string, string[]>[];
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
  paths: Record<string, Record<string, { operationId: string; security?: unknown[]; responses: Record<string, unknown> }>>;
}

/** Where a nested router is mounted: '' for `app.use(router)`, else the first mount that matches. */
function mountOf(layer: Layer, candidates: readonly string[]): string {
  if (layer.slash) return '';
  for (const candidate of candidates) {
    if (layer.match(candidate)) return candidate;
  }
  throw new Error('a router is mounted at a path this test does not know; add it to the candidates');
}

/** `${METHOD} ${path}` of every route in Express's router stack (nested routers included). */
function expressRoutes(app: Express): Set<string> {
  const out = new Set<string>();
  const walk = (stack: Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') out.add(operationKey(method, `${prefix}${layer.route.path}`));
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, `${prefix}${mountOf(layer, [API_PREFIX, '/docs'])}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

let ctx: ApiTestContext;
let doc: OpenApiDoc;

beforeAll(async () => {
  ctx = await createApiTestContext();
  const res = await request(ctx.app).get('/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = res.body as OpenApiDoc;
});
afterAll(() => ctx?.close());

function documentedOperations(): Set<string> {
  const out = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) if (METHODS.includes(method)) out.add(operationKey(method, path));
  }
  return out;
}

describe('routes = spec', () => {
  it('every served route is documented and every documented operation is served', () => {
    const served = expressRoutes(ctx.app);
    const documented = documentedOperations();
    // the spec and the docs page are served but are not operations of the API
    const notOperations = new Set(['GET /openapi.json', 'GET /docs/', 'GET /docs/init.js', 'GET /docs/pictures.css']);
    expect([...served].filter((r) => !notOperations.has(r)).sort()).toEqual([...documented].sort());
    expect([...notOperations].every((r) => served.has(r))).toBe(true);
  });

  it('documents exactly the operations servedOperations() lists (75 of them: getThread, getUsage, exportStudio, importStudio, the metrics and the two SVGs included)', () => {
    const ops = servedOperations(ctx.engine);
    expect(ops).toHaveLength(75);
    expect(new Set(ops.map((o) => operationKey(o.method, `${o.mountedAt}${o.path}`)))).toEqual(documentedOperations());
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.sort()).toEqual(ops.map((o) => o.operationId).sort());
  });

  it('every operation has a unique operationId', () => {
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the document', () => {
  it('documents the run operations: invoke answers 202 or 200 (JSON or an event stream), events are an event stream', () => {
    const invoke = doc.paths[`${API_PREFIX}/deployments/{id}/runs`]!.post!;
    expect(invoke.operationId).toBe('invokeDeployment');
    expect(Object.keys(invoke.responses).sort()).toEqual(['200', '202', '400', '401', '403', '404', '409', '413', '415', '422', '429', '503']);
    expect(invoke.responses['200']).toMatchObject({
      content: { 'application/json': { schema: expect.any(Object) }, 'text/event-stream': { schema: { type: 'string' } } },
      headers: { Location: expect.any(Object), 'Preference-Applied': expect.any(Object) },
    });
    expect(invoke.responses['202']).toMatchObject({ content: { 'application/json': { schema: expect.any(Object) } } });
    const events = doc.paths[`${API_PREFIX}/runs/{id}/events`]!.get!;
    expect(Object.keys((events.responses['200'] as { content: object }).content)).toEqual(['text/event-stream']);
    expect(Object.keys(doc.paths[`${API_PREFIX}/runs/{id}/cancel`]!.post!.responses).sort()).toEqual(['200', '202', '401', '403', '404', '409', '422', '429', '503']);
    expect(doc.paths[`${API_PREFIX}/runs/{id}/steps`]!.get!.operationId).toBe('listRunSteps');
  });

  it('is OpenAPI 3.1 with a bearer security scheme required by default', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
  });

  it('marks exactly the open routes as needing no security', () => {
    const open = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: operationKey(method, path), op })))
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ key }) => key)
      .sort();
    expect(open).toEqual(['GET /health', 'GET /metrics', 'GET /ready', 'GET /version']);
    expect(Object.keys(doc.paths).filter((p) => !p.startsWith(API_PREFIX)).sort()).toEqual(['/health', '/metrics', '/ready', '/version']);
  });

  it('every operation documents its problem+json error responses (no catch-all default)', () => {
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        expect(op.responses.default).toBeUndefined();
        expect(op.responses['503']).toBeDefined();
      }
    }
  });

  it('the docs page is served, with the pictures panel linking both picture operations', async () => {
    const res = await request(ctx.app).get('/docs/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('id="picture-form"');
    const operations = new Map(
      Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => [op.operationId, op as { tags?: string[] }] as const)),
    );
    // each deep link names a tag and an operation Swagger UI renders
    const links = [...res.text.matchAll(/href="#\/([a-z-]+)\/([A-Za-z]+)"/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([['runs', 'getRunTimelineSvg'], ['workflows', 'getWorkflowGraphSvg']]);
    for (const [tag, operationId] of links) expect(operations.get(operationId!)?.tags).toContain(tag);
    const script = await request(ctx.app).get('/docs/init.js');
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).toContain("'/api/v1/runs/' + encodeURIComponent(id) + '/timeline.svg'");
    expect(script.text).toContain("'/api/v1/workflows/' + encodeURIComponent(id) + '/graph.svg'");
    // the picture is a data: image, which the page's CSP allows
    expect(res.headers['content-security-policy']).toMatch(/img-src 'self' data:/);
  });
});
