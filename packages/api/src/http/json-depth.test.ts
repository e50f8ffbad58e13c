import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, expectProblem, type ApiTestContext } from '../../test/api-test-context.js';
import { jsonNestingDepth } from './json-depth.js';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;
const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('jsonNestingDepth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(jsonNestingDepth(Buffer.from('1'))).toBe(0);
    expect(jsonNestingDepth(Buffer.from('{"a":[1,{"b":"[[[{{"}]}'))).toBe(3);
    expect(jsonNestingDepth(Buffer.from('["\\"[[[", []]'))).toBe(2);
    expect(jsonNestingDepth(Buffer.from(nested(100_000)))).toBe(100_000);
    expect(jsonNestingDepth(Buffer.from(nested(100_000)), 64)).toBe(65); // stops early
  });
});

describe('JSON bodies nested too deep are a 422, before validation', () => {
  let ctx: ApiTestContext;
  beforeAll(async () => {
    ctx = await createApiTestContext();
  });
  afterAll(() => ctx?.close());

  const post = (path: string, text: string) =>
    request(ctx.app).post(`/api/v1${path}`).set(ctx.auth).set('Content-Type', 'application/json').send(text);

  it.each([10_000, 100_000])('depth %i: 422 on every free-form JSON route, never a stack overflow', async (depth) => {
    const problem = expectProblem(await post('/agents', `{"name":"deep","model":"m","config":{"a":${nested(depth)}}}`), 422);
    expect(problem.detail).toMatch(/nested deeper than 64/);
    expectProblem(await post('/functions/validate', objects(depth)), 422);
    expectProblem(await post('/workflows/validate', `{"definition":${objects(depth)}}`), 422);
  });

  it('the configured depth is accepted; one more level is not', async () => {
    // body { config: { a: [ ... ] } }: 2 levels of objects around the array
    const ok = await post('/agents', `{"name":"depth-ok","model":"m","config":{"a":${nested(62)}}}`);
    expect(ok.status, ok.text).toBe(201);
    expectProblem(await post('/agents', `{"name":"depth-no","model":"m","config":{"a":${nested(63)}}}`), 422);
  });
});

describe('free-form JSON fields are capped in size: 422 naming the field', () => {
  let ctx: ApiTestContext;
  beforeAll(async () => {
    ctx = await createApiTestContext();
  });
  afterAll(() => ctx?.close());

  it('agent config over 64 KiB, workflow definitions over 256 KiB', async () => {
    const big = 'x'.repeat(70 * 1024);
    const agent = await request(ctx.app).post('/api/v1/agents').set(ctx.auth).send({ name: 'big', model: 'm', config: { big } });
    expect(expectProblem(agent, 422).errors?.map((e) => e.path)).toContain('body.config');
    const ok = await request(ctx.app).post('/api/v1/agents').set(ctx.auth).send({ name: 'fits', model: 'm', config: { v: 'x'.repeat(60 * 1024) } });
    expect(ok.status, ok.text).toBe(201);
    const nodes = Array.from({ length: 300 }, (_, i) => ({ id: `n${i}`, type: 'agent', config: { pad: 'y'.repeat(1_000) } }));
    const wf = await request(ctx.app).post('/api/v1/workflows').set(ctx.auth).send({ name: 'huge', definition: { nodes, edges: [] } });
    expect(expectProblem(wf, 422).errors?.map((e) => e.path)).toContain('body.definition');
  });
});
