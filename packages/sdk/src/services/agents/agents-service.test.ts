import { randomUUID } from 'node:crypto';
import { select, withSession, type ExecSession } from '@agent-studio/db/exec';
import { Agent, AgentFunction, Deployment, StudioFunction } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConflictError, isNotFoundError, isValidationError } from '../../errors/index.js';
import { FunctionsService } from '../functions/functions-service.js';
import { agentFunctionPageSchema, agentPageSchema, agentSchema, type AgentDto, type CreateAgentInput } from './agents-schemas.js';
import { AgentsService } from './agents-service.js';
import { copyBaseName, firstFreeCopyName } from './copy-name.js';
import { failure, paths } from '../../../test/service-test-helpers.js';

let engine: TestEngine;
let fnA: string;
let fnB: string;
let fnC: string;

beforeAll(async () => {
  engine = await createTestEngine();
  await withSession(engine, async (s) => {
    fnA = (await FunctionsService.createFunction(s, { kind: 'builtin', name: 'fn_a', config: { name: 'echo' } })).id;
    fnB = (await FunctionsService.createFunction(s, { kind: 'builtin', name: 'fn_b', config: { name: 'noop' } })).id;
    fnC = (await FunctionsService.createFunction(s, { kind: 'http', name: 'fn_c', config: { url: 'https://x.test', method: 'GET' } })).id;
  });
});
afterAll(() => engine.close());

const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);
let counter = 0;
const uniqueName = (base = 'agent'): string => `${base}-${(counter += 1)}`;
const create = (input: Partial<CreateAgentInput> = {}): Promise<AgentDto> =>
  run((s) => AgentsService.createAgent(s, { name: uniqueName(), model: 'gpt-4o-mini', ...input }));

describe('createAgent', () => {
  it('creates an agent with defaults', async () => {
    const a = await create({ name: '  support  ' });
    expect(agentSchema.parse(a)).toEqual(a);
    expect(a).toMatchObject({
      name: 'support',
      description: null,
      model: 'gpt-4o-mini',
      instructions: '',
      temperature: 0.7,
      config: {},
      status: 'active',
      version: 1,
    });
    expect(await run((s) => s.get(Agent, a.id))).toMatchObject({ name: 'support' });
  });

  it('stores every given field', async () => {
    const a = await create({
      description: 'sales',
      instructions: 'Be brief.',
      temperature: 0,
      config: { maxTokens: 100, tags: ['x'] },
      status: 'archived',
    });
    expect(a).toMatchObject({ description: 'sales', instructions: 'Be brief.', temperature: 0, config: { maxTokens: 100, tags: ['x'] }, status: 'archived' });
  });

  it('validates fields with paths', async () => {
    const e = await failure(create({ name: ' ', model: '', temperature: 2.5, status: 'gone' as never, config: [] as never }));
    expect(paths(e)).toEqual(expect.arrayContaining([['name'], ['model'], ['temperature'], ['status'], ['config']]));
    expect(isValidationError(await failure(create({ version: 1 } as never)))).toBe(true);
    expect(isValidationError(await failure(run((s) => AgentsService.createAgent(s, undefined as never))))).toBe(true);
  });

  it('refuses a taken name with ConflictError(unique)', async () => {
    const a = await create();
    const e = await failure(create({ name: a.name }));
    expect(isConflictError(e)).toBe(true);
    expect(e).toMatchObject({ reason: 'unique', fields: ['name'] });
  });
});

describe('getAgent', () => {
  it('returns the agent', async () => {
    const a = await create();
    expect(await run((s) => AgentsService.getAgent(s, a.id))).toEqual(a);
  });

  it('throws NotFoundError for an unknown id and ValidationError([id]) for a malformed one', async () => {
    const id = randomUUID();
    const missing = await failure(run((s) => AgentsService.getAgent(s, id)));
    expect(isNotFoundError(missing)).toBe(true);
    expect(missing).toMatchObject({ resource: 'agent', id });
    expect(paths(await failure(run((s) => AgentsService.getAgent(s, 'nope'))))).toEqual([['id']]);
  });
});

describe('listAgents', () => {
  beforeAll(async () => {
    await create({ name: 'lst-charlie', model: 'list-model' });
    await create({ name: 'lst-alpha', model: 'list-model' });
    await create({ name: 'lst-bravo', model: 'list-model', status: 'archived' });
    await create({ name: 'lst_delta 100%', model: 'other-list-model' });
  });

  it('filters by model and sorts by name both ways', async () => {
    const asc = await run((s) => AgentsService.listAgents(s, { model: 'list-model', sort: 'name' }));
    expect(agentPageSchema.parse(asc)).toEqual(asc);
    expect(asc.data.map((a) => a.name)).toEqual(['lst-alpha', 'lst-bravo', 'lst-charlie']);
    expect(asc.pagination).toEqual({ total: 3, limit: 20, offset: 0 });
    const desc = await run((s) => AgentsService.listAgents(s, { model: 'list-model', sort: '-name' }));
    expect(desc.data.map((a) => a.id)).toEqual([...asc.data.map((a) => a.id)].reverse());
  });

  it('filters by status and searches the name case-insensitively and literally', async () => {
    const active = await run((s) => AgentsService.listAgents(s, { model: 'list-model', status: 'active' }));
    expect(active.data.map((a) => a.name).sort()).toEqual(['lst-alpha', 'lst-charlie']);
    const search = await run((s) => AgentsService.listAgents(s, { search: ' LST-', limit: 100 }));
    expect(search.pagination.total).toBe(3);
    expect((await run((s) => AgentsService.listAgents(s, { search: '100%' }))).data.map((a) => a.name)).toEqual(['lst_delta 100%']);
    expect((await run((s) => AgentsService.listAgents(s, { search: 'lst_' }))).data.map((a) => a.name)).toEqual(['lst_delta 100%']);
  });

  it('pages with limit and offset, sorted by createdAt / updatedAt', async () => {
    const first = await run((s) => AgentsService.listAgents(s, { model: 'list-model', sort: 'createdAt', limit: 2 }));
    const second = await run((s) => AgentsService.listAgents(s, { model: 'list-model', sort: 'createdAt', limit: '2', offset: '2' }));
    expect(first.data.map((a) => a.name)).toEqual(['lst-charlie', 'lst-alpha']);
    expect(second.data.map((a) => a.name)).toEqual(['lst-bravo']);
    expect(second.pagination).toEqual({ total: 3, limit: 2, offset: 2 });
    const updated = await run((s) => AgentsService.listAgents(s, { model: 'list-model', sort: '-updatedAt' }));
    expect(updated.data).toHaveLength(3);
  });

  it('refuses a sort key that is not whitelisted and bad paging', async () => {
    expect(paths(await failure(run((s) => AgentsService.listAgents(s, { sort: 'model' as never }))))).toEqual([['sort']]);
    const e = await failure(run((s) => AgentsService.listAgents(s, { limit: 0, offset: -1, status: 'x' as never })));
    expect(paths(e)).toEqual(expect.arrayContaining([['limit'], ['offset'], ['status']]));
  });
});

describe('updateAgent', () => {
  it('changes fields and bumps the version', async () => {
    const a = await create();
    const name = uniqueName('renamed');
    const b = await run((s) =>
      AgentsService.updateAgent(s, a.id, { version: 1, name, instructions: 'x', temperature: 1.5, status: 'archived', description: 'd' }),
    );
    expect(b).toMatchObject({ name, instructions: 'x', temperature: 1.5, status: 'archived', description: 'd', version: 2 });
    expect(await run((s) => AgentsService.getAgent(s, a.id))).toEqual(b);
  });

  it('refuses a stale version, a taken name, bad fields, an unknown and a malformed id', async () => {
    const a = await create();
    const other = await create();
    await run((s) => AgentsService.updateAgent(s, a.id, { version: 1, model: 'gpt-4o' }));
    const stale = await failure(run((s) => AgentsService.updateAgent(s, a.id, { version: 1, model: 'gpt-4.1' })));
    expect(stale).toMatchObject({ reason: 'stale_version', fields: ['version'] });
    expect(isConflictError(stale)).toBe(true);
    const taken = await failure(run((s) => AgentsService.updateAgent(s, a.id, { version: 2, name: other.name })));
    expect(taken).toMatchObject({ reason: 'unique', fields: ['name'] });
    expect(paths(await failure(run((s) => AgentsService.updateAgent(s, a.id, { version: 2, temperature: -1 }))))).toEqual([['temperature']]);
    expect(paths(await failure(run((s) => AgentsService.updateAgent(s, a.id, { name: 'x' } as never))))).toEqual([['version']]);
    expect(isNotFoundError(await failure(run((s) => AgentsService.updateAgent(s, randomUUID(), { version: 1 }))))).toBe(true);
    expect(paths(await failure(run((s) => AgentsService.updateAgent(s, '1', { version: 1 }))))).toEqual([['id']]);
  });
});

describe('attachFunction / detachFunction / listAgentFunctions', () => {
  it('attaches functions in order, with the function in the DTO', async () => {
    const a = await create();
    const l1 = await run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnB }));
    const l2 = await run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnA }));
    expect(l1).toMatchObject({ agentId: a.id, functionId: fnB, position: 0, function: { id: fnB, name: 'fn_b', kind: 'builtin' } });
    expect(l2.position).toBe(1);
    const l0 = await run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnC, position: 0 }));
    expect(l0.position).toBe(0);
    const page = await run((s) => AgentsService.listAgentFunctions(s, a.id));
    expect(agentFunctionPageSchema.parse(page)).toEqual(page);
    expect(page.data.map((l) => l.function.name)).toEqual(['fn_b', 'fn_c', 'fn_a']);
    expect(page.pagination).toEqual({ total: 3, limit: 20, offset: 0 });
    const paged = await run((s) => AgentsService.listAgentFunctions(s, a.id, { limit: 1, offset: 2 }));
    expect(paged.data.map((l) => l.functionId)).toEqual([fnA]);
  });

  it('refuses attaching twice, an unknown function and bad ids', async () => {
    const a = await create();
    await run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnA }));
    const twice = await failure(run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnA })));
    expect(isConflictError(twice)).toBe(true);
    expect(twice).toMatchObject({ reason: 'unique', fields: ['functionId'] });
    const unknown = randomUUID();
    const missing = await failure(run((s) => AgentsService.attachFunction(s, a.id, { functionId: unknown })));
    expect(missing).toMatchObject({ resource: 'function', id: unknown });
    expect(isNotFoundError(missing)).toBe(true);
    expect(paths(await failure(run((s) => AgentsService.attachFunction(s, a.id, { functionId: 'x' }))))).toEqual([['functionId']]);
    expect(paths(await failure(run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnA, position: -1 }))))).toEqual([['position']]);
    const noAgent = await failure(run((s) => AgentsService.attachFunction(s, randomUUID(), { functionId: fnA })));
    expect(noAgent).toMatchObject({ resource: 'agent' });
  });

  it('detaches, and refuses detaching what is not attached', async () => {
    const a = await create();
    await run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnA }));
    await run((s) => AgentsService.detachFunction(s, a.id, fnA));
    expect((await run((s) => AgentsService.listAgentFunctions(s, a.id))).pagination.total).toBe(0);
    const again = await failure(run((s) => AgentsService.detachFunction(s, a.id, fnA)));
    expect(isNotFoundError(again)).toBe(true);
    expect(again).toMatchObject({ resource: 'agent function', id: fnA });
    expect(paths(await failure(run((s) => AgentsService.detachFunction(s, a.id, 'x'))))).toEqual([['functionId']]);
    expect(isNotFoundError(await failure(run((s) => AgentsService.detachFunction(s, randomUUID(), fnA))))).toBe(true);
  });

  it('lists nothing for an agent without functions; NotFound for an unknown agent', async () => {
    const a = await create();
    expect(await run((s) => AgentsService.listAgentFunctions(s, a.id))).toEqual({ data: [], pagination: { total: 0, limit: 20, offset: 0 } });
    expect(isNotFoundError(await failure(run((s) => AgentsService.listAgentFunctions(s, randomUUID()))))).toBe(true);
    expect(paths(await failure(run((s) => AgentsService.listAgentFunctions(s, 'x'))))).toEqual([['id']]);
    expect(paths(await failure(run((s) => AgentsService.listAgentFunctions(s, a.id, { limit: 1000 }))))).toEqual([['limit']]);
  });
});

describe('duplicateAgent', () => {
  it('copies the agent and its functions under "(copy)", "(copy 2)", ...', async () => {
    const a = await create({ name: 'dup-source', instructions: 'Help.', temperature: 0.3, config: { k: 1 }, description: 'orig' });
    await run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnC }));
    await run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnA }));
    const c1 = await run((s) => AgentsService.duplicateAgent(s, a.id));
    expect(c1).toMatchObject({ name: 'dup-source (copy)', instructions: 'Help.', temperature: 0.3, config: { k: 1 }, description: 'orig', model: 'gpt-4o-mini', version: 1 });
    expect(c1.id).not.toBe(a.id);
    const links = await run((s) => AgentsService.listAgentFunctions(s, c1.id));
    expect(links.data.map((l) => [l.functionId, l.position])).toEqual([
      [fnC, 0],
      [fnA, 1],
    ]);
    const c2 = await run((s) => AgentsService.duplicateAgent(s, a.id));
    expect(c2.name).toBe('dup-source (copy 2)');
    const c3 = await run((s) => AgentsService.duplicateAgent(s, c1.id, {}));
    expect(c3.name).toBe('dup-source (copy 3)');
    // the source keeps its links
    expect((await run((s) => AgentsService.listAgentFunctions(s, a.id))).pagination.total).toBe(2);
  });

  it('uses a given name, refusing a taken one', async () => {
    const a = await create();
    const name = uniqueName('dup-named');
    expect((await run((s) => AgentsService.duplicateAgent(s, a.id, { name }))).name).toBe(name);
    const taken = await failure(run((s) => AgentsService.duplicateAgent(s, a.id, { name })));
    expect(taken).toMatchObject({ reason: 'unique', fields: ['name'] });
    expect(paths(await failure(run((s) => AgentsService.duplicateAgent(s, a.id, { name: '' }))))).toEqual([['name']]);
    expect(isNotFoundError(await failure(run((s) => AgentsService.duplicateAgent(s, randomUUID()))))).toBe(true);
    expect(paths(await failure(run((s) => AgentsService.duplicateAgent(s, 'x'))))).toEqual([['id']]);
  });

  it('treats LIKE wildcards in the name literally and keeps long names within 200 characters', async () => {
    const a = await create({ name: 'dup_%x' });
    await create({ name: 'dupA%x (copy)' }); // would match an unescaped 'dup_%x (copy%'
    expect((await run((s) => AgentsService.duplicateAgent(s, a.id))).name).toBe('dup_%x (copy)');
    const long = await create({ name: 'L'.repeat(200) });
    const copy = await run((s) => AgentsService.duplicateAgent(s, long.id));
    expect(copy.name.length).toBeLessThanOrEqual(200);
    expect(copy.name.endsWith(' (copy)')).toBe(true);
  });

  it('names copies by helper rules', () => {
    expect(copyBaseName('x (copy 12)')).toBe('x');
    expect(copyBaseName('x (copy)')).toBe('x');
    expect(copyBaseName('x (copy) y')).toBe('x (copy) y');
    expect(firstFreeCopyName('x', new Set(['x (copy)', 'x (copy 2)', 'x (copy 4)']))).toBe('x (copy 3)');
  });
});

describe('deleteAgent', () => {
  it('deletes an agent with its links and draft/stopped deployments', async () => {
    const a = await create();
    await run((s) => AgentsService.attachFunction(s, a.id, { functionId: fnA }));
    const deploymentIds = await run(async (s) => [
      s.add(Deployment, { name: uniqueName('draft'), agentId: a.id }).id,
      s.add(Deployment, { name: uniqueName('stopped'), agentId: a.id, status: 'stopped' }).id,
    ]);
    await run((s) => AgentsService.deleteAgent(s, a.id));
    expect(await run((s) => s.get(Agent, a.id))).toBeNull();
    expect(await run((s) => s.exec(select(AgentFunction).where({ agentId: a.id }).count()).one())).toBe(0);
    expect(await run((s) => s.exec(select(Deployment).where({ id: { in: deploymentIds } }).count()).one())).toBe(0);
    // the function itself stays
    expect(await run((s) => s.get(StudioFunction, fnA))).not.toBeNull();
  });

  it('refuses while a deployment of the agent is live', async () => {
    const a = await create();
    const depName = uniqueName('live');
    await run(async (s) => {
      s.add(Deployment, { name: depName, agentId: a.id, status: 'deployed', deployedAt: new Date() });
    });
    const e = await failure(run((s) => AgentsService.deleteAgent(s, a.id)));
    expect(isConflictError(e)).toBe(true);
    expect(e).toMatchObject({ reason: 'in_use' });
    expect(e.message).toContain(depName);
    expect(await run((s) => s.get(Agent, a.id))).not.toBeNull();
  });

  it('throws NotFoundError for an unknown id and ValidationError([id]) for a malformed one', async () => {
    expect(isNotFoundError(await failure(run((s) => AgentsService.deleteAgent(s, randomUUID()))))).toBe(true);
    expect(paths(await failure(run((s) => AgentsService.deleteAgent(s, 'x'))))).toEqual([['id']]);
  });
});
