/**
 * The response checker the whole suite runs under finds the operation, and rejects an undeclared
 * status, an undeclared media type and a body that does not match — so a passing suite means
 * every response it saw is declared.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../api-test-context.js';
import { createResponseChecker, type OpenApiDocument } from './response-checker.js';

let ctx: ApiTestContext;
let check: ReturnType<typeof createResponseChecker>;
const id = '3f2c9a8e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';

beforeAll(async () => {
  ctx = await createApiTestContext();
  check = createResponseChecker((await request(ctx.app).get('/openapi.json')).body as OpenApiDocument);
});
afterAll(() => ctx?.close());

describe('createResponseChecker', () => {
  it('accepts a real response, and the suite checks every supertest call (a bad one rejects)', async () => {
    const res = await request(ctx.app).post('/api/v1/agents').set(ctx.auth).send({ name: 'checked', model: 'local/m' });
    expect(res.status).toBe(201);
    expect(check({ method: 'POST', url: '/api/v1/agents', status: 201, contentType: res.headers['content-type'], body: res.body })).toEqual([]);
    expect((ctx.app.locals as { openApiDocument?: unknown }).openApiDocument).toBeDefined();
  });

  it('rejects a status the operation does not declare', () => {
    expect(check({ method: 'GET', url: `/api/v1/agents/${id}`, status: 418, contentType: 'application/problem+json', body: {} })[0]).toMatch(
      /getAgent.*418: status not declared/,
    );
  });

  it('rejects a body that does not match the schema, and an undeclared media type', () => {
    const problems = check({ method: 'GET', url: `/api/v1/agents/${id}`, status: 200, contentType: 'application/json', body: { id, name: 3 } });
    expect(problems.join('\n')).toMatch(/body\/name must be string|must have required property/);
    expect(check({ method: 'GET', url: `/api/v1/agents/${id}`, status: 404, contentType: 'text/html', body: '' })[0]).toMatch(/media type text\/html not declared/);
    expect(check({ method: 'GET', url: `/api/v1/agents/${id}`, status: 404, contentType: 'application/problem+json', body: { title: 'x' } }).length).toBeGreaterThan(0);
  });

  it('prefers fixed segments over templates and ignores paths that are not operations', () => {
    expect(check({ method: 'GET', url: '/docs/', status: 200, contentType: 'text/html', body: '' })).toEqual([]);
    const health = check({ method: 'GET', url: '/api/v1/mcp-servers/health-summary', status: 200, contentType: 'application/json', body: {} });
    expect(health.join('\n')).toMatch(/getMcpFleetHealth/);
  });
});
