/**
 * Property: whatever a client with a valid API key sends to any served operation — random path
 * parameters, query strings and bodies — the answer is never a 5xx, every 4xx is an RFC 9457
 * problem, and a rejected (4xx) write leaves every table exactly as it was (a checksum of all
 * rows before and after).
 *
 * Bounded: ~300 runs in all, spread evenly over every operation, with a printed seed. Reproduce
 * with `PROPERTY_SEED=<seed>`; `PROPERTY_SEED=random` draws a fresh one; `PROPERTY_RUNS` changes
 * the total.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedOperations } from '../src/app/create-app.js';
import { createApiTestContext, type ApiTestContext } from './api-test-context.js';

const SEED = process.env.PROPERTY_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.PROPERTY_SEED ?? 20_260_501);
const TOTAL_RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const API = '/api/v1';

let ctx: ApiTestContext;
let server: Server;
let base: string;
const seeded: Record<string, string> = {};

/** A checksum of every row of every table in the database (one statement). */
async function checksum(): Promise<string> {
  const connection = await ctx.engine.acquire();
  try {
    const tables = (
      await connection.query<{ name: string }>(
        `SELECT quote_ident(table_name) AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
      )
    ).rows.map((r) => r.name);
    const parts = tables.map(
      (t) => `SELECT '${t}' AS t, count(*) AS n, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM ${t} x`,
    );
    const rows = (await connection.query<{ t: string; n: string; h: string }>(parts.join(' UNION ALL '))).rows;
    return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join(' ');
  } finally {
    ctx.engine.release(connection);
  }
}

async function create(path: string, body: object): Promise<string> {
  const res = await request(ctx.app).post(`${API}${path}`).set(ctx.auth).send(body);
  expect(res.status, res.text).toBe(201);
  return (res.body as { id: string }).id;
}

beforeAll(async () => {
  ctx = await createApiTestContext();
  seeded.agent = await create('/agents', { name: 'prop-agent', model: 'gpt-4o-mini' });
  seeded.function = await create('/functions', { kind: 'builtin', name: 'prop_fn', config: { name: 'current_time' } });
  // port 1 on loopback refuses at once: a probe of it fails fast instead of waiting for a deadline
  seeded.mcpServer = await create('/mcp-servers', { name: 'prop-mcp', transport: 'streamable_http', url: 'http://127.0.0.1:1/mcp' });
  seeded.workflow = await create('/workflows', { name: 'prop-wf' });
  seeded.deployment = await create('/deployments', { name: 'prop-dep', agentId: seeded.agent });
  seeded.run = await create('/runs', { agentId: seeded.agent });
  server = ctx.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await ctx?.close();
});

// ---- generators -------------------------------------------------------------------------------

const nasty = fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\u0007\u001b[2J', 'null', 'undefined', '-1', '0', '1e309', 'NaN', '../..', '%', '\u202e', '😀', 'a'.repeat(300), "'; DROP TABLE agents; --");
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), nasty);
/** A random UUID, an id that exists (seeded in beforeAll), or any text. */
const anyId = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.uuid(),
    fc.constant(null).chain(() => fc.constantFrom(...Object.values(seeded))),
    text,
  );

/** encodeURIComponent, with lone surrogates (which it refuses) replaced. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

/** A value for a path parameter, URL-encoded (plus a few raw, malformed encodings). */
const pathValue = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 8, arbitrary: anyId().map(encode) },
    { weight: 1, arbitrary: fc.constantFrom('%zz', '%E0%A4%A', '%00', '..', '%2F', '1') },
  );

const QUERY_KEYS = [
  'limit', 'offset', 'skip', 'sort', 'order', 'status', 'q', 'search', 'name', 'kind', 'transport', 'enabled', 'agentId',
  'workflowId', 'deploymentId', 'functionId', 'deadlineMs', 'health', 'healthStatus', 'targetType', 'published', 'model',
];
const queryValue = fc.oneof(
  text,
  fc.integer({ min: -1_000, max: 1_000_000 }).map(String),
  fc.constantFrom('true', 'false', 'name', '-name', 'createdAt', '-createdAt', 'name,-createdAt', 'asc', 'desc', 'active', 'healthy'),
);
const query = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue) },
      { weight: 1, arbitrary: fc.tuple(text, queryValue) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('limit[]', 'sort[a]', 'offset[0]', 'a[b][c]', '__proto__', 'constructor[prototype]'), queryValue) },
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encode(k).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encode(v)}`).join('&'));

const BODY_KEYS = [
  'name', 'model', 'description', 'instructions', 'temperature', 'config', 'status', 'version', 'kind', 'transport', 'url',
  'command', 'args', 'headers', 'env', 'enabled', 'checkIntervalSeconds', 'definition', 'agentId', 'workflowId',
  'functionId', 'deploymentId', 'deadlineMs', 'toolName', 'input', 'output', 'error', 'startedAt', 'finishedAt', 'position',
];
/** Values that sometimes pass a field's validation, so that requests get past the first check. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  anyId(),
  text,
  fc.constantFrom('gpt-4o-mini', 'builtin', 'http', 'streamable_http', 'sse', 'http://127.0.0.1:1/mcp', 'active', 'draft', 'queued', 'running', 'succeeded', 'failed', 1, 2, 0, -1, 0.5, true, false, null),
  fc.constantFrom({ name: 'current_time' }, { url: 'https://example.com/hook', method: 'POST' }, { nodes: [], edges: [] }, []),
);
const objectBody = fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...BODY_KEYS) }, { weight: 1, arbitrary: text }), fieldValue, {
  maxKeys: 6,
});

interface Body {
  readonly raw: string | undefined;
  readonly contentType: string | undefined;
}
/** Deeply nested JSON (objects, arrays or both), up to 100,000 levels: a 422, never a stack overflow. */
const deepJson = fc
  .tuple(fc.integer({ min: 30, max: 100_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'], ['[{"k":', '}]']))
  .map(([depth, [open, close]]) => `${open.repeat(depth)}${open === '[' ? '' : '1'}${close.repeat(depth)}`);
/** Large bodies: long strings and many keys, around and above BODY_LIMIT (1 MB): 413 or a 4xx, never 5xx. */
const largeJson = fc
  .tuple(fc.integer({ min: 1, max: 1_300 }), fc.boolean())
  .map(([kb, wide]) =>
    wide
      ? JSON.stringify(Object.fromEntries(Array.from({ length: kb * 20 }, (_, i) => [`k${i}`, 'v'.repeat(40)])))
      : JSON.stringify({ name: 'big', model: 'm', config: { pad: 'x'.repeat(kb * 1024) }, definition: { nodes: [], edges: [] } }),
  );
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Body>({ raw: undefined, contentType: undefined }) },
  { weight: 1, arbitrary: deepJson.map((raw) => ({ raw, contentType: 'application/json' })) },
  { weight: 1, arbitrary: deepJson.map((raw) => ({ raw: `{"name":"deep","model":"m","config":{"a":${raw}},"definition":${raw}}`, contentType: 'application/json' })) },
  { weight: 1, arbitrary: largeJson.map((raw) => ({ raw, contentType: 'application/json' })) },
  { weight: 6, arbitrary: objectBody.map((o) => ({ raw: JSON.stringify(o), contentType: 'application/json' })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => ({ raw: JSON.stringify(v), contentType: 'application/json' })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => ({ raw: s, contentType: 'application/json' })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(objectBody, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'))
      .map(([o, contentType]) => ({ raw: JSON.stringify(o), contentType })),
  },
);
/** Header values must be visible ASCII (fetch refuses anything else before sending). */
const headerText = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 30 });
/** Bodies that pass validation, per operation: a random run overrides one field with a random value. */
const validBodies = (): Record<string, Record<string, unknown>> => ({
  createAgent: { name: 'prop-agent-x', model: 'gpt-4o-mini', instructions: 'be brief', temperature: 0.2, config: {} },
  updateAgent: { name: 'prop-agent-y', version: 1 },
  duplicateAgent: { name: 'prop-agent-copy' },
  attachAgentFunction: { functionId: seeded.function },
  createFunction: { kind: 'builtin', name: 'prop_fn_x', config: { name: 'current_time' } },
  validateFunction: { kind: 'builtin', name: 'prop_fn_v', config: { name: 'current_time' } },
  updateFunction: { description: 'changed', version: 1 },
  createMcpServer: { name: 'prop-mcp-x', transport: 'streamable_http', url: 'http://127.0.0.1:1/mcp', headers: { A: 'b' } },
  updateMcpServer: { description: 'changed', version: 1 },
  testMcpConnection: { transport: 'streamable_http', url: 'http://127.0.0.1:1/mcp' },
  checkMcpServer: { deadlineMs: 500 },
  createWorkflow: { name: 'prop-wf-x', definition: { nodes: [{ id: 'a', type: 'agent', ref: seeded.agent }], edges: [], startNodeId: 'a' } },
  validateWorkflow: { definition: { nodes: [], edges: [] } },
  updateWorkflow: { description: 'changed', version: 1 },
  createDeployment: { name: 'prop-dep-x', agentId: seeded.agent },
  updateDeployment: { description: 'changed', version: 1 },
  attachDeploymentFunction: { functionId: seeded.function },
  recordRun: { agentId: seeded.agent, status: 'succeeded', input: { q: 'hi' }, output: { a: 'ok' } },
  updateRunStatus: { status: 'running' },
  createApiKey: { name: 'prop-key' },
});
const mutatedValid = (operationId: string): fc.Arbitrary<Body> | undefined => {
  const valid = validBodies()[operationId];
  if (!valid) return undefined;
  return fc
    .tuple(fc.constantFrom(...Object.keys(valid), ...BODY_KEYS.slice(0, 8)), fc.oneof(fieldValue, nasty, nasty.map((v) => ({ key: v }))), fc.boolean())
    .map(([key, value, drop]) => {
      const copy: Record<string, unknown> = { ...valid };
      if (drop) delete copy[key];
      else copy[key] = value;
      return { raw: JSON.stringify(copy), contentType: 'application/json' };
    });
};
const ifMatch = fc.option(fc.oneof(fc.constantFrom('*', '"x:1"', '"x:0"', 'W/"x:2"', '"garbage"', '"a:b:1"'), headerText), { nil: undefined, freq: 3 });

// ---- the property -----------------------------------------------------------------------------

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

describe('random requests against every operation', () => {
  it('never answer 5xx, answer 4xx as problems, and leave the database unchanged when a write is rejected', { timeout: 300_000 }, async () => {
    const operations = servedOperations(ctx.engine);
    expect(operations.length).toBeGreaterThan(40);
    const runsEach = Math.max(1, Math.ceil(TOTAL_RUNS / operations.length));
    console.info(`property seed ${SEED} (PROPERTY_SEED=${SEED} to reproduce), ${runsEach} runs x ${operations.length} operations`);
    const statuses = new Map<number, number>();

    for (const [index, op] of operations.entries()) {
      const paramNames = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
      const sample = fc.record({
        params: fc.tuple(...paramNames.map(() => pathValue())),
        query,
        body: mutatedValid(op.operationId)
          ? fc.oneof({ weight: 1, arbitrary: body }, { weight: 2, arbitrary: mutatedValid(op.operationId)! })
          : body,
        ifMatch,
      });
      const label = `${op.method.toUpperCase()} ${op.mountedAt}${op.path} (${op.operationId})`;
      await fc.assert(
        fc.asyncProperty(sample, async ({ params, query: qs, body: b, ifMatch: im }) => {
          let path = `${op.mountedAt}${op.path}`;
          paramNames.forEach((name, i) => {
            path = path.replace(`:${name}`, params[i] ?? '');
          });
          const url = `${base}${path}${qs ? `?${qs}` : ''}`;
          const isWrite = WRITES.has(op.method);
          const before = isWrite ? await checksum() : undefined;
          const headers: Record<string, string> = { Authorization: ctx.auth.Authorization };
          if (b.contentType) headers['content-type'] = b.contentType;
          if (im !== undefined) headers['if-match'] = im;
          const res = await fetch(url, {
            method: op.method.toUpperCase(),
            headers,
            ...(op.method !== 'get' && b.raw !== undefined ? { body: b.raw } : {}),
          });
          // an event stream (a run's events) stays open while its run goes on: take its head, drop it
          const streaming = res.headers.get('content-type')?.startsWith('text/event-stream') === true;
          const text = streaming ? (await res.body?.cancel(), '') : await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const what = `${label}: ${op.method.toUpperCase()} ${url.slice(base.length)} body=${b.raw?.slice(0, 300)} -> ${res.status} ${text.slice(0, 400)}`;
          expect(res.status, what).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
            const problem = JSON.parse(text) as { status: number };
            expect(problem.status, what).toBe(res.status);
            if (isWrite) expect(await checksum(), `database changed by a rejected write: ${what}`).toBe(before);
          }
        }),
        { seed: SEED + index, numRuns: runsEach, endOnFailure: true },
      );
    }
    expect(ctx.engine.stats().borrowed).toBe(0);
    console.info(`statuses: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}x${n}`).join(' ')}`);
  });
});

describe('counterexamples the property found (kept as fixed cases)', () => {
  it.each([
    ['POST', '/agents', { name: 'nul\u0000name', model: 'gpt-4o-mini' }],
    ['POST', '/workflows', { name: 'prop-wf-nul', description: 'a\u0000b' }],
    ['POST', '/agents', { name: 'prop-agent-nul-json', model: 'gpt-4o-mini', config: { k: '\u0000' } }],
  ])('%s %s with a NUL character is a 422, not a 500, and changes nothing', async (method, path, payload) => {
    const before = await checksum();
    const res = await request(ctx.app)[method === 'POST' ? 'post' : 'patch'](`${API}${path}`).set(ctx.auth).send(payload);
    expect(res.status, res.text).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await checksum()).toBe(before);
  });

  it('a NUL character in a list filter is a 4xx, not a 500', async () => {
    const res = await request(ctx.app).get(`${API}/agents?q=%00&name=%00`).set(ctx.auth);
    expect(res.status, res.text).toBeLessThan(500);
  });
});
