import { randomUUID } from 'node:crypto';
import { withSession, type ExecSession } from '@agent-studio/db/exec';
import { Agent, AgentFunction, Deployment, DeploymentFunction, McpServer, StudioFunction } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConflictError, isNotFoundError, isValidationError } from '../../errors/index.js';
import { checkParametersSchema } from './json-schema-check.js';
import { functionPageSchema, functionSchema, type CreateFunctionInput, type FunctionDto } from './functions-schemas.js';
import { FunctionsService } from './functions-service.js';
import { failure, paths } from '../../../test/service-test-helpers.js';

let engine: TestEngine;
let mcpServerId: string;
let otherMcpServerId: string;

beforeAll(async () => {
  engine = await createTestEngine();
  await withSession(engine, async (s) => {
    mcpServerId = s.add(McpServer, { name: 'github', transport: 'streamable_http', url: 'http://127.0.0.1:9/mcp' }).id;
    otherMcpServerId = s.add(McpServer, { name: 'jira', transport: 'sse', url: 'http://127.0.0.1:9/sse' }).id;
  });
});
afterAll(() => engine.close());

const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);
let counter = 0;
const uniqueName = (base = 'fn'): string => `${base}_${(counter += 1)}`;

const httpInput = (name = uniqueName('http')): CreateFunctionInput => ({
  kind: 'http',
  name,
  description: 'Looks up an order',
  parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
  config: { url: 'https://api.example.com/orders', method: 'GET', headers: { 'X-Api-Version': '2' } },
});
const builtinInput = (name = uniqueName('builtin')): CreateFunctionInput => ({
  kind: 'builtin',
  name,
  config: { name: 'current_time' },
});
const create = (input: CreateFunctionInput): Promise<FunctionDto> => run((s) => FunctionsService.createFunction(s, input));

describe('createFunction', () => {
  it('creates an http function', async () => {
    const fn = await create(httpInput('lookup_order'));
    expect(functionSchema.parse(fn)).toEqual(fn);
    expect(fn).toMatchObject({
      name: 'lookup_order',
      kind: 'http',
      description: 'Looks up an order',
      parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
      // header values are secrets: encrypted in their own column, shown masked
      config: { url: 'https://api.example.com/orders', method: 'GET', headers: { 'X-Api-Version': '••••••' } },
      mcpServerId: null,
      mcpToolName: null,
      version: 1,
    });
    expect(await run((s) => s.get(StudioFunction, fn.id))).toMatchObject({
      name: 'lookup_order',
      kind: 'http',
      config: { url: 'https://api.example.com/orders', method: 'GET' },
      headers: { 'X-Api-Version': '2' },
    });
  });

  it('creates an mcp_tool function and a builtin, with default parameters', async () => {
    const tool = await create({ kind: 'mcp_tool', name: uniqueName('tool'), mcpServerId, mcpToolName: 'search_issues' });
    expect(tool).toMatchObject({
      kind: 'mcp_tool',
      mcpServerId,
      mcpToolName: 'search_issues',
      config: {},
      parameters: { type: 'object', properties: {} },
      description: null,
    });
    const builtin = await create(builtinInput());
    expect(builtin).toMatchObject({ kind: 'builtin', config: { name: 'current_time' }, mcpServerId: null });
  });

  it('accepts a loopback http URL and every method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const fn = await create({ kind: 'http', name: uniqueName('m'), config: { url: 'http://localhost:8080/hook', method } });
      expect(fn.config).toEqual({ url: 'http://localhost:8080/hook', method });
    }
  });

  it('reports kind-specific problems with field paths', async () => {
    expect(paths(await failure(create({ name: uniqueName() } as never)))).toEqual([['kind']]);
    expect(paths(await failure(create({ kind: 'script', name: uniqueName() } as never)))).toEqual([['kind']]);
    const http = await failure(
      create({ kind: 'http', name: uniqueName(), config: { url: 'ftp://example.com/x', method: 'HEAD' as 'GET' } }),
    );
    expect(paths(http)).toEqual(expect.arrayContaining([['config', 'url'], ['config', 'method']]));
    const headers = await failure(
      create({ kind: 'http', name: uniqueName(), config: { url: 'https://x.test', method: 'GET', headers: { 'X-A': 'a\r\nb' } } }),
    );
    expect(paths(headers)).toEqual([['config', 'headers', 'X-A']]);
    const builtin = await failure(create({ kind: 'builtin', name: uniqueName(), config: {} as never }));
    expect(paths(builtin)).toEqual([['config', 'name']]);
    const unknownBuiltin = await failure(create({ kind: 'builtin', name: uniqueName(), config: { name: 'rm_rf' } }));
    expect(paths(unknownBuiltin)).toEqual([['config', 'name']]);
    expect(unknownBuiltin.message).toContain('must be one of: current_time, echo, noop, sleep');
    const mcp = await failure(create({ kind: 'mcp_tool', name: uniqueName() } as never));
    expect(paths(mcp)).toEqual(expect.arrayContaining([['mcpServerId'], ['mcpToolName']]));
    const notMcp = await failure(create({ ...builtinInput(), mcpServerId, mcpToolName: 'x' } as never));
    expect(paths(notMcp)).toEqual([['mcpServerId'], ['mcpToolName']]);
  });

  it('refuses a bad name and unknown keys', async () => {
    expect(paths(await failure(create(builtinInput('has space'))))).toEqual([['name']]);
    expect(paths(await failure(create(builtinInput('x'.repeat(65)))))).toEqual([['name']]);
    expect(isValidationError(await failure(create({ ...builtinInput(), version: 3 } as never)))).toBe(true);
    expect(isValidationError(await failure(create(null as never)))).toBe(true);
  });

  it('validates parameters as a JSON Schema of an object, with paths', async () => {
    const notObject = await failure(create({ ...builtinInput(), parameters: { type: 'string' } }));
    expect(paths(notObject)).toEqual([['parameters', 'type']]);
    const bad = await failure(
      create({
        ...builtinInput(),
        parameters: {
          type: 'object',
          properties: {
            city: { type: 'text' },
            tags: { type: 'array', items: { type: 'object', properties: { k: 5 }, required: ['v'] } },
            zip: { type: 'string', pattern: '([' },
          },
          required: ['city', 'country'],
        },
      }),
    );
    expect(paths(bad)).toEqual(
      expect.arrayContaining([
        ['parameters', 'properties', 'city', 'type'],
        ['parameters', 'properties', 'tags', 'items', 'properties', 'k'],
        ['parameters', 'properties', 'tags', 'items', 'required', 0],
        ['parameters', 'properties', 'zip', 'pattern'],
        ['parameters', 'required', 1],
      ]),
    );
    expect(paths(bad)).toHaveLength(5);
    const props = await failure(create({ ...builtinInput(), parameters: { type: 'object', properties: [] } }));
    expect(paths(props)).toEqual([['parameters', 'properties']]);
    const arr = await failure(create({ ...builtinInput(), parameters: [] as never }));
    expect(paths(arr)).toEqual([['parameters']]);
  });

  it('refuses an MCP server that does not exist at mcpServerId', async () => {
    const e = await failure(create({ kind: 'mcp_tool', name: uniqueName(), mcpServerId: randomUUID(), mcpToolName: 't' }));
    expect(paths(e)).toEqual([['mcpServerId']]);
    const malformed = await failure(create({ kind: 'mcp_tool', name: uniqueName(), mcpServerId: 'nope', mcpToolName: 't' }));
    expect(paths(malformed)).toEqual([['mcpServerId']]);
  });

  it('refuses a taken name with ConflictError(unique)', async () => {
    const name = uniqueName();
    await create(builtinInput(name));
    const e = await failure(create(httpInput(name)));
    expect(isConflictError(e)).toBe(true);
    expect(e).toMatchObject({ reason: 'unique', fields: ['name'] });
  });
});

describe('getFunction', () => {
  it('returns the function', async () => {
    const fn = await create(httpInput());
    expect(await run((s) => FunctionsService.getFunction(s, fn.id))).toEqual(fn);
  });

  it('throws NotFoundError for an unknown id and ValidationError([id]) for a malformed one', async () => {
    const id = randomUUID();
    const missing = await failure(run((s) => FunctionsService.getFunction(s, id)));
    expect(isNotFoundError(missing)).toBe(true);
    expect(missing).toMatchObject({ resource: 'function', id });
    expect(paths(await failure(run((s) => FunctionsService.getFunction(s, 'nope'))))).toEqual([['id']]);
  });
});

describe('listFunctions', () => {
  let listServer: string;

  beforeAll(async () => {
    listServer = await run(async (s) => s.add(McpServer, { name: 'list-server', transport: 'sse', url: 'http://127.0.0.1:9/s' }).id);
    await create({ kind: 'mcp_tool', name: 'lst_c_tool', mcpServerId: listServer, mcpToolName: 'c' });
    await create({ kind: 'mcp_tool', name: 'lst_a_tool', mcpServerId: listServer, mcpToolName: 'a' });
    await create({ kind: 'mcp_tool', name: 'lst_b_tool', mcpServerId: listServer, mcpToolName: 'b' });
    await create({ kind: 'mcp_tool', name: 'lst_other', mcpServerId: otherMcpServerId, mcpToolName: 'x' });
    await create(builtinInput('lstXtool'));
  });

  it('filters by MCP server and sorts by name both ways', async () => {
    const asc = await run((s) => FunctionsService.listFunctions(s, { mcpServerId: listServer, sort: 'name' }));
    expect(functionPageSchema.parse(asc)).toEqual(asc);
    expect(asc.data.map((f) => f.name)).toEqual(['lst_a_tool', 'lst_b_tool', 'lst_c_tool']);
    expect(asc.pagination).toEqual({ total: 3, limit: 20, offset: 0 });
    const desc = await run((s) => FunctionsService.listFunctions(s, { mcpServerId: listServer, sort: '-name' }));
    expect(desc.data.map((f) => f.name)).toEqual(['lst_c_tool', 'lst_b_tool', 'lst_a_tool']);
  });

  it('pages with limit and offset', async () => {
    const page = await run((s) =>
      FunctionsService.listFunctions(s, { mcpServerId: listServer, sort: 'name', limit: '2', offset: 1 }),
    );
    expect(page.data.map((f) => f.name)).toEqual(['lst_b_tool', 'lst_c_tool']);
    expect(page.pagination).toEqual({ total: 3, limit: 2, offset: 1 });
  });

  it('filters by kind and searches the name case-insensitively, literally', async () => {
    const tools = await run((s) => FunctionsService.listFunctions(s, { kind: 'mcp_tool', search: 'LST_', limit: 100 }));
    expect(tools.data.map((f) => f.name).sort()).toEqual(['lst_a_tool', 'lst_b_tool', 'lst_c_tool', 'lst_other']);
    expect(tools.data.every((f) => f.kind === 'mcp_tool')).toBe(true);
    // `_` is matched literally: 'lstXtool' does not contain '_tool'
    const underscore = await run((s) => FunctionsService.listFunctions(s, { search: '_tool' }));
    expect(underscore.data.map((f) => f.name).sort()).toEqual(['lst_a_tool', 'lst_b_tool', 'lst_c_tool']);
    const wildcard = await run((s) => FunctionsService.listFunctions(s, { search: '%' }));
    expect(wildcard.pagination.total).toBe(0);
  });

  it('sorts by kind with a stable id tie-breaker', async () => {
    const all = await run((s) => FunctionsService.listFunctions(s, { sort: 'kind', limit: 100 }));
    const kinds = all.data.map((f) => f.kind);
    expect(kinds).toEqual([...kinds].sort());
    const again = await run((s) => FunctionsService.listFunctions(s, { sort: 'kind', limit: 100 }));
    expect(again.data.map((f) => f.id)).toEqual(all.data.map((f) => f.id));
  });

  it('refuses a sort key that is not whitelisted and bad paging', async () => {
    expect(paths(await failure(run((s) => FunctionsService.listFunctions(s, { sort: 'config' as never }))))).toEqual([['sort']]);
    const paging = await failure(run((s) => FunctionsService.listFunctions(s, { limit: 101, offset: -1, kind: 'x' as never })));
    expect(paths(paging)).toEqual(expect.arrayContaining([['limit'], ['offset'], ['kind']]));
    expect(paths(await failure(run((s) => FunctionsService.listFunctions(s, { mcpServerId: 'x' }))))).toEqual([['mcpServerId']]);
  });
});

describe('updateFunction', () => {
  it('changes fields and bumps the version', async () => {
    const fn = await create(httpInput());
    const updated = await run((s) =>
      FunctionsService.updateFunction(s, fn.id, {
        version: fn.version,
        name: uniqueName('renamed'),
        description: null,
        parameters: { type: 'object', properties: {} },
        config: { url: 'https://api.example.com/v2', method: 'POST' },
      }),
    );
    expect(updated).toMatchObject({ description: null, config: { url: 'https://api.example.com/v2', method: 'POST' }, version: 2 });
    expect(await run((s) => FunctionsService.getFunction(s, fn.id))).toEqual(updated);
  });

  it('moves an mcp_tool to another server and tool', async () => {
    const fn = await create({ kind: 'mcp_tool', name: uniqueName(), mcpServerId, mcpToolName: 'a' });
    const moved = await run((s) =>
      FunctionsService.updateFunction(s, fn.id, { version: 1, mcpServerId: otherMcpServerId, mcpToolName: 'b', config: { any: [1] } }),
    );
    expect(moved).toMatchObject({ mcpServerId: otherMcpServerId, mcpToolName: 'b', config: { any: [1] } });
    const missing = await failure(run((s) => FunctionsService.updateFunction(s, fn.id, { version: 2, mcpServerId: randomUUID() })));
    expect(paths(missing)).toEqual([['mcpServerId']]);
  });

  it('checks config against the kind and refuses MCP fields on other kinds', async () => {
    const fn = await create(httpInput());
    const badConfig = await failure(
      run((s) => FunctionsService.updateFunction(s, fn.id, { version: 1, config: { url: 'nope', method: 'GET' } })),
    );
    expect(paths(badConfig)).toEqual([['config', 'url']]);
    const mcp = await failure(run((s) => FunctionsService.updateFunction(s, fn.id, { version: 1, mcpToolName: 'x' })));
    expect(paths(mcp)).toEqual([['mcpToolName']]);
    const kind = await failure(run((s) => FunctionsService.updateFunction(s, fn.id, { version: 1, kind: 'builtin' } as never)));
    expect(isValidationError(kind)).toBe(true);
    const params = await failure(
      run((s) => FunctionsService.updateFunction(s, fn.id, { version: 1, parameters: { type: 'object', required: ['a'] } })),
    );
    expect(paths(params)).toEqual([['parameters', 'required', 0]]);
    expect(paths(await failure(run((s) => FunctionsService.updateFunction(s, fn.id, {} as never))))).toEqual([['version']]);
  });

  it('refuses a stale version, a taken name, an unknown and a malformed id', async () => {
    const fn = await create(builtinInput());
    await run((s) => FunctionsService.updateFunction(s, fn.id, { version: 1, description: 'v2' }));
    const stale = await failure(run((s) => FunctionsService.updateFunction(s, fn.id, { version: 1, description: 'v3' })));
    expect(isConflictError(stale)).toBe(true);
    expect(stale).toMatchObject({ reason: 'stale_version', fields: ['version'] });
    const other = await create(builtinInput());
    const taken = await failure(run((s) => FunctionsService.updateFunction(s, fn.id, { version: 2, name: other.name })));
    expect(taken).toMatchObject({ reason: 'unique', fields: ['name'] });
    expect(isNotFoundError(await failure(run((s) => FunctionsService.updateFunction(s, randomUUID(), { version: 1 }))))).toBe(true);
    expect(paths(await failure(run((s) => FunctionsService.updateFunction(s, 'x', { version: 1 }))))).toEqual([['id']]);
  });

  it('refuses a change based on a version another unit of work has moved past', async () => {
    const fn = await create(builtinInput());
    const e = await failure(
      run(async (s) => {
        const seen = await FunctionsService.getFunction(s, fn.id);
        // another unit of work commits a change in between (no transaction is open on `s` yet)
        await run((other) => FunctionsService.updateFunction(other, fn.id, { version: seen.version, description: 'theirs' }));
        return FunctionsService.updateFunction(s, fn.id, { version: seen.version, description: 'mine' });
      }),
    );
    expect(e).toMatchObject({ reason: 'stale_version', fields: ['version'] });
    expect(await run((s) => FunctionsService.getFunction(s, fn.id))).toMatchObject({ description: 'theirs', version: 2 });
  });
});

describe('deleteFunction', () => {
  it('deletes an unused function', async () => {
    const fn = await create(builtinInput());
    await run((s) => FunctionsService.deleteFunction(s, fn.id));
    expect(await run((s) => s.get(StudioFunction, fn.id))).toBeNull();
    expect(isNotFoundError(await failure(run((s) => FunctionsService.deleteFunction(s, fn.id))))).toBe(true);
    expect(paths(await failure(run((s) => FunctionsService.deleteFunction(s, 'x'))))).toEqual([['id']]);
  });

  it('refuses a function attached to an agent or a deployment with ConflictError(in_use)', async () => {
    const forAgent = await create(builtinInput());
    const forDeployment = await create(builtinInput());
    await run(async (s) => {
      const agent = s.add(Agent, { name: uniqueName('agent'), model: 'gpt-4o-mini' });
      const deployment = s.add(Deployment, { name: uniqueName('dep'), agentId: agent.id });
      await s.flush();
      s.add(AgentFunction, { agentId: agent.id, functionId: forAgent.id });
      s.add(DeploymentFunction, { deploymentId: deployment.id, functionId: forDeployment.id });
    });
    for (const fn of [forAgent, forDeployment]) {
      const e = await failure(run((s) => FunctionsService.deleteFunction(s, fn.id)));
      expect(isConflictError(e)).toBe(true);
      expect(e).toMatchObject({ reason: 'in_use' });
      expect(await run((s) => s.get(StudioFunction, fn.id))).not.toBeNull();
    }
  });
});

describe('validateFunction', () => {
  it('accepts a valid definition without saving it', async () => {
    const input = httpInput();
    expect(await run((s) => FunctionsService.validateFunction(s, input))).toEqual({ valid: true, issues: [] });
    const page = await run((s) => FunctionsService.listFunctions(s, { search: input.name }));
    expect(page.pagination.total).toBe(0);
  });

  it('returns every issue with its path, never throwing for bad input', async () => {
    const name = uniqueName();
    await create(builtinInput(name));
    const taken = await run((s) =>
      FunctionsService.validateFunction(s, { kind: 'mcp_tool', name, mcpServerId: randomUUID(), mcpToolName: 't' }),
    );
    expect(taken.valid).toBe(false);
    expect(taken.issues.map((i) => i.path)).toEqual([['mcpServerId'], ['name']]);
    const shape = await run((s) =>
      FunctionsService.validateFunction(s, { kind: 'http', name: 'ok', config: { url: 'x' }, parameters: { type: 'object', required: 'a' } }),
    );
    expect(shape.valid).toBe(false);
    expect(shape.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([['config', 'url'], ['config', 'method'], ['parameters', 'required']]),
    );
    expect(await run((s) => FunctionsService.validateFunction(s, undefined))).toMatchObject({ valid: false });
    expect(await run((s) => FunctionsService.validateFunction(s, 'str'))).toMatchObject({ valid: false });
  });
});

describe('checkParametersSchema', () => {
  it('accepts rich schemas', () => {
    expect(
      checkParametersSchema({
        type: 'object',
        description: 'search',
        properties: {
          q: { type: 'string', minLength: 1, pattern: '^\\w+$' },
          limit: { type: ['integer', 'null'], minimum: 1, maximum: 100, default: 10 },
          filters: {
            type: 'object',
            properties: { state: { enum: ['open', 'closed'] } },
            additionalProperties: false,
          },
          ids: { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true },
          either: { anyOf: [{ type: 'string' }, true] },
        },
        required: ['q'],
        additionalProperties: false,
      }),
    ).toEqual([]);
  });

  it('refuses non-objects, deep nesting, bad keywords and duplicates', () => {
    expect(checkParametersSchema(null)).toEqual([{ path: [], message: expect.any(String) }]);
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 40; i += 1) deep = { type: 'object', properties: { a: deep } };
    expect(checkParametersSchema(deep)).toHaveLength(1);
    const issues = checkParametersSchema({
      type: 'object',
      properties: { a: { type: ['string', 'string'], minLength: -1, anyOf: [], enum: [] } },
      required: ['a', 'a'],
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['properties', 'a', 'type', 1],
      ['properties', 'a', 'anyOf'],
      ['properties', 'a', 'minLength'],
      ['properties', 'a', 'enum'],
      ['required', 1],
    ]);
  });
});

describe('constraint backing', () => {
  it('functions_mcp_tool_check refuses an mcp_tool without server (translated to ValidationError)', async () => {
    const { translateDbError } = await import('../../common/db-errors.js');
    const e = await failure(
      run(async (s) => {
        s.add(StudioFunction, { name: uniqueName('raw'), kind: 'mcp_tool' });
        try {
          await s.flush();
        } catch (err) {
          throw translateDbError(err);
        }
      }),
    );
    expect(isValidationError(e)).toBe(true);
  });
});
