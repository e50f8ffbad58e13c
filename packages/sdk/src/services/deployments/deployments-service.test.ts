import { randomUUID } from 'node:crypto';
import { isQueryError, openSession, select, withSession, type ExecSession } from '@agent-studio/db/exec';
import { Agent, Deployment, DeploymentFunction, StudioFunction, Workflow } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConflictError, isInvalidStateError, isNotFoundError, isValidationError } from '../../errors/index.js';
import { hashApiKey } from '../../common/api-key.js';
import { deploymentSchema, type DeploymentDto } from './deployments-schemas.js';
import { DeploymentsService } from './deployments-service.js';
import { failure, paths } from '../../../test/service-test-helpers.js';

let engine: TestEngine;
let agentId: string;
let otherAgentId: string;
let draftWorkflowId: string;
let publishedWorkflowId: string;
let fnA: string;
let fnB: string;

beforeAll(async () => {
  engine = await createTestEngine();
  await withSession(engine, async (s) => {
    agentId = s.add(Agent, { name: 'support', model: 'gpt-4o-mini' }).id;
    otherAgentId = s.add(Agent, { name: 'sales', model: 'gpt-4o-mini' }).id;
    const draft = s.add(Workflow, { name: 'triage', definition: { nodes: [], edges: [] } });
    draftWorkflowId = draft.id;
    await s.flush();
    publishedWorkflowId = s.add(Workflow, {
      name: 'triage',
      definition: { nodes: [], edges: [] },
      publishedFromId: draft.id,
      versionNumber: 1,
      publishedAt: new Date(),
    }).id;
    fnA = s.add(StudioFunction, { name: 'lookup_order', kind: 'builtin' }).id;
    fnB = s.add(StudioFunction, { name: 'send_email', kind: 'http' }).id;
  });
});
afterAll(() => engine.close());

const run = <T>(fn: (s: ExecSession) => Promise<T>): Promise<T> => withSession(engine, fn);
let counter = 0;
const uniqueName = (base = 'dep'): string => `${base}-${(counter += 1)}`;
const createAgentDeployment = (name = uniqueName()): Promise<DeploymentDto> =>
  run((s) => DeploymentsService.createDeployment(s, { name, agentId }));

describe('createDeployment', () => {
  it('creates a draft deployment of an agent', async () => {
    const d = await run((s) =>
      DeploymentsService.createDeployment(s, { name: 'support-prod', description: 'live bot', agentId, config: { rpm: 60 } }),
    );
    expect(deploymentSchema.parse(d)).toEqual(d);
    expect(d).toMatchObject({
      name: 'support-prod',
      description: 'live bot',
      targetType: 'agent',
      agentId,
      workflowId: null,
      status: 'draft',
      config: { rpm: 60 },
      hasApiKey: false,
      apiKeyPrefix: null,
      apiKeyRotatedAt: null,
      deployedAt: null,
      stoppedAt: null,
      version: 1,
    });
    expect(Object.keys(d)).not.toContain('apiKeyHash');
  });

  it('accepts a draft workflow and a published workflow version', async () => {
    const draft = await run((s) => DeploymentsService.createDeployment(s, { name: uniqueName('wf'), workflowId: draftWorkflowId }));
    expect(draft).toMatchObject({ targetType: 'workflow', workflowId: draftWorkflowId, agentId: null });
    const published = await run((s) =>
      DeploymentsService.createDeployment(s, { name: uniqueName('wf'), workflowId: publishedWorkflowId }),
    );
    expect(published.workflowId).toBe(publishedWorkflowId);
  });

  it('requires exactly one target', async () => {
    const neither = await failure(run((s) => DeploymentsService.createDeployment(s, { name: uniqueName() })));
    expect(paths(neither)).toEqual([['agentId']]);
    const both = await failure(
      run((s) => DeploymentsService.createDeployment(s, { name: uniqueName(), agentId, workflowId: draftWorkflowId })),
    );
    expect(paths(both)).toEqual([['workflowId']]);
  });

  it('refuses a target that does not exist, at its field', async () => {
    const agent = await failure(run((s) => DeploymentsService.createDeployment(s, { name: uniqueName(), agentId: randomUUID() })));
    expect(paths(agent)).toEqual([['agentId']]);
    const workflow = await failure(
      run((s) => DeploymentsService.createDeployment(s, { name: uniqueName(), workflowId: randomUUID() })),
    );
    expect(paths(workflow)).toEqual([['workflowId']]);
  });

  it('validates fields with paths', async () => {
    const e = await failure(
      run((s) =>
        DeploymentsService.createDeployment(s, { name: '  ', agentId: 'not-a-uuid', config: [] as unknown as Record<string, never> }),
      ),
    );
    expect(paths(e)).toEqual(expect.arrayContaining([['name'], ['agentId'], ['config']]));
    const extra = await failure(
      run((s) => DeploymentsService.createDeployment(s, { name: uniqueName(), agentId, status: 'deployed' } as never)),
    );
    expect(isValidationError(extra)).toBe(true);
    const notObject = await failure(run((s) => DeploymentsService.createDeployment(s, null as never)));
    expect(isValidationError(notObject)).toBe(true);
  });

  it('refuses a taken name with ConflictError(unique)', async () => {
    const name = uniqueName();
    await createAgentDeployment(name);
    const e = await failure(run((s) => DeploymentsService.createDeployment(s, { name, agentId: otherAgentId })));
    expect(isConflictError(e)).toBe(true);
    expect(e).toMatchObject({ reason: 'unique', fields: ['name'] });
  });

  it('is backed by the deployments_target_check constraint', async () => {
    const session = openSession(engine);
    try {
      session.add(Deployment, { name: uniqueName('raw'), agentId: null, workflowId: null });
      const e = await session.flush().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isQueryError(e) && e.kind === 'check_violation' && e.constraint === 'deployments_target_check').toBe(true);
    } finally {
      await session.close();
    }
  });
});

describe('getDeployment', () => {
  it('returns the deployment', async () => {
    const d = await createAgentDeployment();
    expect(await run((s) => DeploymentsService.getDeployment(s, d.id))).toEqual(d);
  });

  it('throws NotFoundError for an unknown id and ValidationError([id]) for a malformed one', async () => {
    const id = randomUUID();
    const missing = await failure(run((s) => DeploymentsService.getDeployment(s, id)));
    expect(isNotFoundError(missing)).toBe(true);
    expect(missing).toMatchObject({ resource: 'deployment', id });
    expect(paths(await failure(run((s) => DeploymentsService.getDeployment(s, 'nope'))))).toEqual([['id']]);
  });
});

describe('listDeployments', () => {
  let agentA: string;
  let ids: string[];

  beforeAll(async () => {
    await run(async (s) => {
      agentA = s.add(Agent, { name: 'list-agent', model: 'gpt-4o' }).id;
    });
    ids = [];
    for (const name of ['list-c', 'list-a', 'list-b']) {
      ids.push((await run((s) => DeploymentsService.createDeployment(s, { name, agentId: agentA }))).id);
    }
    const live = await run((s) => DeploymentsService.getDeployment(s, ids[1]!));
    await run((s) => DeploymentsService.deploy(s, live.id, { version: live.version }));
  });

  it('filters by agent and sorts by name both ways', async () => {
    const asc = await run((s) => DeploymentsService.listDeployments(s, { agentId: agentA, sort: 'name' }));
    expect(asc.data.map((d) => d.name)).toEqual(['list-a', 'list-b', 'list-c']);
    expect(asc.pagination).toEqual({ total: 3, limit: 20, offset: 0 });
    const desc = await run((s) => DeploymentsService.listDeployments(s, { agentId: agentA, sort: '-name' }));
    expect(desc.data.map((d) => d.name)).toEqual(['list-c', 'list-b', 'list-a']);
  });

  it('filters by status and workflow', async () => {
    const live = await run((s) => DeploymentsService.listDeployments(s, { agentId: agentA, status: 'deployed' }));
    expect(live.data.map((d) => d.name)).toEqual(['list-a']);
    const wf = await run((s) => DeploymentsService.listDeployments(s, { workflowId: draftWorkflowId }));
    expect(wf.data.length).toBeGreaterThan(0);
    expect(wf.data.every((d) => d.workflowId === draftWorkflowId)).toBe(true);
  });

  it('pages with limit and offset (numeric strings accepted)', async () => {
    const page = await run((s) =>
      DeploymentsService.listDeployments(s, { agentId: agentA, sort: 'name', limit: '2', offset: '1' }),
    );
    expect(page.data.map((d) => d.name)).toEqual(['list-b', 'list-c']);
    expect(page.pagination).toEqual({ total: 3, limit: 2, offset: 1 });
    const all = await run((s) => DeploymentsService.listDeployments(s));
    expect(all.pagination.total).toBeGreaterThanOrEqual(3);
  });

  it('rejects a bad sort, limit, status or filter id with paths', async () => {
    const e = await failure(
      run((s) =>
        DeploymentsService.listDeployments(s, { sort: 'apiKeyHash' as never, limit: 101, status: 'live' as never, agentId: 'x' }),
      ),
    );
    expect(paths(e)).toEqual(expect.arrayContaining([['sort'], ['limit'], ['status'], ['agentId']]));
  });
});

describe('updateDeployment', () => {
  it('updates name, description and config and bumps the version', async () => {
    const d = await createAgentDeployment();
    const name = uniqueName('renamed');
    const u = await run((s) =>
      DeploymentsService.updateDeployment(s, d.id, { version: d.version, name, description: null, config: { a: [1, 'x'] } }),
    );
    expect(u).toMatchObject({ name, description: null, config: { a: [1, 'x'] }, version: d.version + 1, agentId });
    expect(await run((s) => DeploymentsService.getDeployment(s, d.id))).toEqual(u);
  });

  it('refuses a stale version', async () => {
    const d = await createAgentDeployment();
    await run((s) => DeploymentsService.updateDeployment(s, d.id, { version: d.version, description: 'first' }));
    const e = await failure(run((s) => DeploymentsService.updateDeployment(s, d.id, { version: d.version, description: 'second' })));
    expect(isConflictError(e)).toBe(true);
    expect(e).toMatchObject({ reason: 'stale_version', fields: ['version'] });
  });

  it('refuses a taken name, a missing version, a target change and unknown ids', async () => {
    const a = await createAgentDeployment();
    const b = await createAgentDeployment();
    const taken = await failure(run((s) => DeploymentsService.updateDeployment(s, b.id, { version: b.version, name: a.name })));
    expect(taken).toMatchObject({ reason: 'unique', fields: ['name'] });
    expect(paths(await failure(run((s) => DeploymentsService.updateDeployment(s, b.id, {} as never))))).toEqual([['version']]);
    const retarget = await failure(
      run((s) => DeploymentsService.updateDeployment(s, b.id, { version: b.version, agentId: otherAgentId } as never)),
    );
    expect(isValidationError(retarget)).toBe(true);
    const missing = await failure(run((s) => DeploymentsService.updateDeployment(s, randomUUID(), { version: 1 })));
    expect(isNotFoundError(missing)).toBe(true);
  });
});

describe('lifecycle', () => {
  it('deploys a draft, stops it and deploys it again, stamping the times', async () => {
    const d = await createAgentDeployment();
    const live = await run((s) => DeploymentsService.deploy(s, d.id, { version: d.version }));
    expect(live.status).toBe('deployed');
    expect(live.deployedAt).not.toBeNull();
    expect(live.stoppedAt).toBeNull();
    expect(live.version).toBe(d.version + 1);

    const stopped = await run((s) => DeploymentsService.stop(s, d.id, { version: live.version }));
    expect(stopped.status).toBe('stopped');
    expect(stopped.stoppedAt).not.toBeNull();
    expect(stopped.deployedAt).toBe(live.deployedAt);

    const again = await run((s) => DeploymentsService.deploy(s, d.id, { version: stopped.version }));
    expect(again.status).toBe('deployed');
    expect(again.stoppedAt).toBeNull();
    expect(Date.parse(again.deployedAt!)).toBeGreaterThanOrEqual(Date.parse(live.deployedAt!));
  });

  it('refuses every other transition with InvalidStateError', async () => {
    const d = await createAgentDeployment();
    const stopDraft = await failure(run((s) => DeploymentsService.stop(s, d.id, { version: d.version })));
    expect(isInvalidStateError(stopDraft)).toBe(true);
    expect(stopDraft).toMatchObject({ resource: 'deployment', state: 'draft', action: 'stop' });

    const live = await run((s) => DeploymentsService.deploy(s, d.id, { version: d.version }));
    const deployTwice = await failure(run((s) => DeploymentsService.deploy(s, d.id, { version: live.version })));
    expect(deployTwice).toMatchObject({ code: 'INVALID_STATE', state: 'deployed', action: 'deploy' });

    const stopped = await run((s) => DeploymentsService.stop(s, d.id, { version: live.version }));
    const stopTwice = await failure(run((s) => DeploymentsService.stop(s, d.id, { version: stopped.version })));
    expect(stopTwice).toMatchObject({ code: 'INVALID_STATE', state: 'stopped', action: 'stop' });
    expect((await run((s) => DeploymentsService.getDeployment(s, d.id))).status).toBe('stopped');
  });

  it('checks the version and the input', async () => {
    const d = await createAgentDeployment();
    const stale = await failure(run((s) => DeploymentsService.deploy(s, d.id, { version: d.version + 5 })));
    expect(stale).toMatchObject({ reason: 'stale_version' });
    expect(paths(await failure(run((s) => DeploymentsService.deploy(s, d.id, {} as never))))).toEqual([['version']]);
    expect(isNotFoundError(await failure(run((s) => DeploymentsService.stop(s, randomUUID(), { version: 1 }))))).toBe(true);
  });
});

describe('deleteDeployment', () => {
  it('deletes a draft or stopped deployment, refuses a deployed one', async () => {
    const draft = await createAgentDeployment();
    await run((s) => DeploymentsService.deleteDeployment(s, draft.id));
    expect(isNotFoundError(await failure(run((s) => DeploymentsService.getDeployment(s, draft.id))))).toBe(true);

    const d = await createAgentDeployment();
    const live = await run((s) => DeploymentsService.deploy(s, d.id, { version: d.version }));
    const refused = await failure(run((s) => DeploymentsService.deleteDeployment(s, d.id)));
    expect(refused).toMatchObject({ code: 'INVALID_STATE', resource: 'deployment', state: 'deployed', action: 'delete' });
    await run((s) => DeploymentsService.stop(s, d.id, { version: live.version }));
    await run((s) => DeploymentsService.deleteDeployment(s, d.id));
    expect(isNotFoundError(await failure(run((s) => DeploymentsService.deleteDeployment(s, d.id))))).toBe(true);
  });

  it('rejects a malformed id', async () => {
    expect(paths(await failure(run((s) => DeploymentsService.deleteDeployment(s, '123'))))).toEqual([['id']]);
  });
});

describe('deployment functions', () => {
  it('attaches, lists and detaches functions', async () => {
    const d = await createAgentDeployment();
    const a = await run((s) => DeploymentsService.attachDeploymentFunction(s, d.id, { functionId: fnA, config: { timeoutMs: 500 } }));
    expect(a).toMatchObject({ deploymentId: d.id, functionId: fnA, functionName: 'lookup_order', functionKind: 'builtin', config: { timeoutMs: 500 } });
    await run((s) => DeploymentsService.attachDeploymentFunction(s, d.id, { functionId: fnB }));

    const page = await run((s) => DeploymentsService.listDeploymentFunctions(s, d.id));
    expect(page.data.map((l) => l.functionName)).toEqual(['lookup_order', 'send_email']);
    expect(page.pagination).toEqual({ total: 2, limit: 20, offset: 0 });
    const second = await run((s) => DeploymentsService.listDeploymentFunctions(s, d.id, { limit: 1, offset: 1 }));
    expect(second.data.map((l) => l.functionId)).toEqual([fnB]);

    await run((s) => DeploymentsService.detachDeploymentFunction(s, d.id, fnA));
    expect((await run((s) => DeploymentsService.listDeploymentFunctions(s, d.id))).data.map((l) => l.functionId)).toEqual([fnB]);
  });

  it('refuses attaching twice, unknown functions and unknown deployments', async () => {
    const d = await createAgentDeployment();
    await run((s) => DeploymentsService.attachDeploymentFunction(s, d.id, { functionId: fnA }));
    const twice = await failure(run((s) => DeploymentsService.attachDeploymentFunction(s, d.id, { functionId: fnA })));
    expect(isConflictError(twice)).toBe(true);
    expect(twice).toMatchObject({ reason: 'unique', fields: ['functionId'] });

    const unknownFn = randomUUID();
    const noFn = await failure(run((s) => DeploymentsService.attachDeploymentFunction(s, d.id, { functionId: unknownFn })));
    expect(noFn).toMatchObject({ code: 'NOT_FOUND', resource: 'function', id: unknownFn });
    const noDep = await failure(run((s) => DeploymentsService.attachDeploymentFunction(s, randomUUID(), { functionId: fnA })));
    expect(noDep).toMatchObject({ code: 'NOT_FOUND', resource: 'deployment' });
    expect(paths(await failure(run((s) => DeploymentsService.attachDeploymentFunction(s, d.id, { functionId: 'x' }))))).toEqual([
      ['functionId'],
    ]);
    expect(isNotFoundError(await failure(run((s) => DeploymentsService.listDeploymentFunctions(s, randomUUID()))))).toBe(true);
  });

  it('refuses detaching a function that is not attached', async () => {
    const d = await createAgentDeployment();
    const e = await failure(run((s) => DeploymentsService.detachDeploymentFunction(s, d.id, fnB)));
    expect(e).toMatchObject({ code: 'NOT_FOUND', resource: 'deployment function', id: fnB });
    expect(paths(await failure(run((s) => DeploymentsService.detachDeploymentFunction(s, d.id, 'bad'))))).toEqual([['functionId']]);
  });

  it('removes the links with the deployment', async () => {
    const d = await createAgentDeployment();
    await run((s) => DeploymentsService.attachDeploymentFunction(s, d.id, { functionId: fnB }));
    await run((s) => DeploymentsService.deleteDeployment(s, d.id));
    const left = await run((s) => s.exec(select(DeploymentFunction).where({ deploymentId: d.id }).count()).one());
    expect(left).toBe(0);
  });
});

describe('API keys', () => {
  it('returns a new key once and stores only its hash', async () => {
    const d = await createAgentDeployment();
    const { deployment, apiKey } = await run((s) => DeploymentsService.rotateApiKey(s, d.id));
    expect(apiKey).toMatch(/^as_[A-Za-z0-9_-]{43}$/);
    expect(deployment).toMatchObject({ hasApiKey: true, apiKeyPrefix: apiKey.slice(0, 11) });
    expect(deployment.apiKeyRotatedAt).not.toBeNull();
    expect(JSON.stringify(deployment)).not.toContain(apiKey);
    expect(JSON.stringify(deployment)).not.toContain(hashApiKey(apiKey));

    const row = await run((s) => s.get(Deployment, d.id));
    expect(row?.apiKeyHash).toBe(hashApiKey(apiKey));
    expect(JSON.stringify(row)).not.toContain(apiKey);

    const fetched = await run((s) => DeploymentsService.getDeployment(s, d.id));
    expect(JSON.stringify(fetched)).not.toContain(row!.apiKeyHash!);
    const listed = await run((s) => DeploymentsService.listDeployments(s, { limit: 100 }));
    expect(JSON.stringify(listed)).not.toContain(row!.apiKeyHash!);
  });

  it('finds a deployment by its current key only', async () => {
    const d = await createAgentDeployment();
    const first = await run((s) => DeploymentsService.rotateApiKey(s, d.id));
    expect((await run((s) => DeploymentsService.findDeploymentByApiKey(s, first.apiKey)))?.id).toBe(d.id);

    const second = await run((s) => DeploymentsService.rotateApiKey(s, d.id));
    expect(second.apiKey).not.toBe(first.apiKey);
    expect(second.deployment.version).toBe(first.deployment.version + 1);
    expect(await run((s) => DeploymentsService.findDeploymentByApiKey(s, first.apiKey))).toBeNull();
    expect((await run((s) => DeploymentsService.findDeploymentByApiKey(s, second.apiKey)))?.id).toBe(d.id);

    expect(await run((s) => DeploymentsService.findDeploymentByApiKey(s, 'as_' + 'A'.repeat(43)))).toBeNull();
    expect(await run((s) => DeploymentsService.findDeploymentByApiKey(s, 'garbage'))).toBeNull();
    expect(isValidationError(await failure(run((s) => DeploymentsService.findDeploymentByApiKey(s, 42 as never))))).toBe(true);
  });

  it('hashApiKey is SHA-256 hex and deterministic', () => {
    expect(hashApiKey('as_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey('as_x')).toBe(hashApiKey('as_x'));
    expect(hashApiKey('as_x')).not.toBe(hashApiKey('as_y'));
  });

  it('throws NotFoundError for an unknown deployment', async () => {
    expect(isNotFoundError(await failure(run((s) => DeploymentsService.rotateApiKey(s, randomUUID()))))).toBe(true);
  });
});
