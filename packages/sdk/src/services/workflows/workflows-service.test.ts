import { openSession, withSession, type ExecSession } from '@agent-studio/db/exec';
import { Agent, Deployment, Run, StudioFunction, Workflow } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowPageSchema, workflowSchema, workflowValidationResultSchema, type CreateWorkflowInput, type WorkflowDto } from './workflows-schemas.js';

type Definition = NonNullable<CreateWorkflowInput['definition']>;
import { WorkflowsService } from './workflows-service.js';

let engine: TestEngine;
let agentId: string;
let functionId: string;

const MISSING = '44444444-4444-4444-8444-444444444444';

function run<T>(fn: (session: ExecSession) => Promise<T>): Promise<T> {
  return withSession(engine, fn);
}

let counter = 0;
function uniqueName(prefix = 'wf'): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A valid definition: agent → condition → function | agent. */
function validDefinition(): Definition {
  return {
    startNodeId: 'triage',
    nodes: [
      { id: 'triage', type: 'agent', name: 'Triage', ref: agentId },
      { id: 'urgent', type: 'condition', config: { expression: 'output.priority == "high"' } },
      { id: 'page', type: 'function', ref: functionId },
      { id: 'reply', type: 'agent', ref: agentId, config: { temperature: 0.1 } },
    ],
    edges: [
      { from: 'triage', to: 'urgent' },
      { from: 'urgent', to: 'page', condition: 'true' },
      { from: 'urgent', to: 'reply', condition: 'false' },
    ],
  };
}

const cyclicDefinition: Definition = {
  startNodeId: 'a',
  nodes: [
    { id: 'a', type: 'condition', config: { expression: 'input.x == 1' } },
    { id: 'b', type: 'condition', config: { expression: 'input.y == 2' } },
  ],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'a' },
  ],
};

function createDraft(overrides: Record<string, unknown> = {}): Promise<WorkflowDto> {
  return run((s) => WorkflowsService.createWorkflow(s, { name: uniqueName(), definition: validDefinition(), ...overrides }));
}

async function publish(draft: WorkflowDto): Promise<WorkflowDto> {
  const current = await run((s) => WorkflowsService.getWorkflow(s, draft.id));
  return run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: current.version }));
}

async function addDeployment(workflowId: string, status: 'draft' | 'deployed' | 'stopped'): Promise<string> {
  return run(async (s) => s.add(Deployment, { name: uniqueName('dep'), workflowId, status }).id);
}

beforeAll(async () => {
  engine = await createTestEngine();
  await run(async (s) => {
    agentId = s.add(Agent, { name: 'support', model: 'gpt-4o-mini' }).id;
    functionId = s.add(StudioFunction, { name: 'page_oncall', kind: 'builtin' }).id;
  });
});

afterAll(() => engine.close());

describe('createWorkflow', () => {
  it('creates a draft and returns its DTO', async () => {
    const name = uniqueName();
    const wf = await run((s) => WorkflowsService.createWorkflow(s, { name: `  ${name} `, description: 'routes tickets', definition: validDefinition() }));
    expect(workflowSchema.parse(wf)).toEqual(wf);
    expect(wf).toMatchObject({
      name,
      description: 'routes tickets',
      definition: validDefinition(),
      publishedFromId: null,
      versionNumber: null,
      publishedAt: null,
      version: 1,
    });
    const stored = await run((s) => s.get(Workflow, wf.id));
    expect(stored?.definition).toEqual(validDefinition());
  });

  it('defaults to an empty graph and accepts an incomplete or cyclic draft (checked at publish)', async () => {
    const empty = await run((s) => WorkflowsService.createWorkflow(s, { name: uniqueName() }));
    expect(empty.definition).toEqual({ nodes: [], edges: [] });
    expect(empty.description).toBeNull();
    const cyclic = await run((s) => WorkflowsService.createWorkflow(s, { name: uniqueName(), definition: cyclicDefinition }));
    expect(cyclic.definition).toEqual(cyclicDefinition);
  });

  it('does not commit: the caller does', async () => {
    const name = uniqueName();
    const session = openSession(engine);
    try {
      await WorkflowsService.createWorkflow(session, { name });
    } finally {
      await session.close();
    }
    const page = await run((s) => WorkflowsService.listWorkflows(s, { name }));
    expect(page.pagination.total).toBe(0);
  });

  it('rejects unknown keys, naming them (a misspelt key used to save an empty draft)', async () => {
    const unknownKey = (key: string) => ({ code: 'VALIDATION_FAILED', issues: [{ path: [], message: expect.stringContaining(`"${key}"`) }] });
    const create = { name: uniqueName(), definiton: validDefinition() } as never;
    await expect(run((s) => WorkflowsService.createWorkflow(s, create))).rejects.toMatchObject(unknownKey('definiton'));
    const draft = await createDraft();
    await expect(run((s) => WorkflowsService.updateWorkflow(s, draft.id, { version: 1, nmae: 'x' } as never))).rejects.toMatchObject(unknownKey('nmae'));
    await expect(run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: 1, force: true } as never))).rejects.toMatchObject(unknownKey('force'));
    await expect(run((s) => WorkflowsService.listWorkflows(s, { serach: 'x' } as never))).rejects.toMatchObject(unknownKey('serach'));
    expect((await run((s) => WorkflowsService.listWorkflowVersions(s, draft.id, { skip: 1 }))).pagination.offset).toBe(1);
  });

  it('rejects invalid input with field paths', async () => {
    await expect(run((s) => WorkflowsService.createWorkflow(s, { name: '  ' }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['name'] }],
    });
    await expect(
      run((s) =>
        WorkflowsService.createWorkflow(s, {
          name: uniqueName(),
          definition: { nodes: [{ id: 'a', type: 'agent' }, { id: 'b', type: 'robot' as never }], edges: [{ from: 'a' } as never] },
        }),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['definition', 'nodes', 1, 'type'] }, { path: ['definition', 'edges', 0, 'to'] }],
    });
    await expect(run((s) => WorkflowsService.createWorkflow(s, null as never))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses a second draft with the same name', async () => {
    const wf = await createDraft();
    await expect(run((s) => WorkflowsService.createWorkflow(s, { name: wf.name }))).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'unique',
      fields: ['name'],
    });
  });
});

describe('getWorkflow', () => {
  it('returns a draft or a published version', async () => {
    const draft = await createDraft();
    expect(await run((s) => WorkflowsService.getWorkflow(s, draft.id))).toEqual(draft);
    const v1 = await publish(draft);
    expect(await run((s) => WorkflowsService.getWorkflow(s, v1.id))).toEqual(v1);
  });

  it('throws NotFoundError for an unknown id and ValidationError for a malformed one', async () => {
    await expect(run((s) => WorkflowsService.getWorkflow(s, MISSING))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      resource: 'workflow',
      id: MISSING,
    });
    await expect(run((s) => WorkflowsService.getWorkflow(s, 'nope'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['id'] }],
    });
  });
});

describe('listWorkflows', () => {
  const token = `lst${Math.random().toString(36).slice(2, 8)}`;
  let drafts: WorkflowDto[];

  beforeAll(async () => {
    drafts = [];
    for (const suffix of ['charlie', 'alpha', 'bravo']) {
      drafts.push(await run((s) => WorkflowsService.createWorkflow(s, { name: `${token}-${suffix}`, definition: validDefinition() })));
    }
    drafts.push(await run((s) => WorkflowsService.createWorkflow(s, { name: uniqueName('other'), description: `mentions ${token.toUpperCase()}` })));
    drafts.push(await run((s) => WorkflowsService.createWorkflow(s, { name: `${token}_100%` })));
    await publish(drafts[0]!);
    await publish(drafts[0]!);
  });

  it('lists drafts only, filtered by search over name and description (case-insensitive)', async () => {
    const page = await run((s) => WorkflowsService.listWorkflows(s, { search: token, sort: 'createdAt' }));
    expect(workflowPageSchema.parse(page)).toEqual(page);
    expect(page.pagination).toEqual({ total: 5, limit: 20, offset: 0 });
    expect(page.data.map((w) => w.id)).toEqual(drafts.map((d) => d.id));
    expect(page.data.every((w) => w.publishedFromId === null)).toBe(true);
  });

  it('treats LIKE wildcards in the search literally', async () => {
    const percent = await run((s) => WorkflowsService.listWorkflows(s, { search: `${token}_100%` }));
    expect(percent.data.map((w) => w.name)).toEqual([`${token}_100%`]);
    const underscore = await run((s) => WorkflowsService.listWorkflows(s, { search: `${token}_` }));
    expect(underscore.data.map((w) => w.name)).toEqual([`${token}_100%`]);
  });

  it('filters by exact name', async () => {
    const page = await run((s) => WorkflowsService.listWorkflows(s, { name: `${token}-alpha` }));
    expect(page.data.map((w) => w.id)).toEqual([drafts[1]!.id]);
  });

  it('sorts by a whitelisted key and pages', async () => {
    const byName = await run((s) => WorkflowsService.listWorkflows(s, { search: `${token}-`, sort: 'name' }));
    expect(byName.data.map((w) => w.name)).toEqual([`${token}-alpha`, `${token}-bravo`, `${token}-charlie`]);
    const desc = await run((s) => WorkflowsService.listWorkflows(s, { search: `${token}-`, sort: '-name', limit: '2', offset: '1' }));
    expect(desc.pagination).toEqual({ total: 3, limit: 2, offset: 1 });
    expect(desc.data.map((w) => w.name)).toEqual([`${token}-bravo`, `${token}-alpha`]);
    const newest = await run((s) => WorkflowsService.listWorkflows(s, { search: token }));
    expect(newest.data[0]!.id).toBe(drafts[4]!.id);
  });

  it('defaults the query and rejects bad values with paths', async () => {
    const page = await run((s) => WorkflowsService.listWorkflows(s));
    expect(page.pagination.limit).toBe(20);
    await expect(run((s) => WorkflowsService.listWorkflows(s, { sort: 'definition' as never }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['sort'] }],
    });
    await expect(run((s) => WorkflowsService.listWorkflows(s, { limit: 1000, offset: -1 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['limit'] }, { path: ['offset'] }],
    });
  });
});

describe('updateWorkflow', () => {
  it('changes a draft and bumps its version', async () => {
    const draft = await createDraft();
    const name = uniqueName();
    const updated = await run((s) =>
      WorkflowsService.updateWorkflow(s, draft.id, { version: 1, name, description: 'new', definition: cyclicDefinition }),
    );
    expect(updated).toMatchObject({ id: draft.id, name, description: 'new', definition: cyclicDefinition, version: 2 });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(draft.updatedAt));
    const cleared = await run((s) => WorkflowsService.updateWorkflow(s, draft.id, { version: 2, description: null }));
    expect(cleared).toMatchObject({ description: null, name, version: 3 });
  });

  it('refuses a stale version', async () => {
    const draft = await createDraft();
    await run((s) => WorkflowsService.updateWorkflow(s, draft.id, { version: 1, description: 'first' }));
    await expect(run((s) => WorkflowsService.updateWorkflow(s, draft.id, { version: 1, description: 'second' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'stale_version',
      fields: ['version'],
    });
    expect((await run((s) => WorkflowsService.getWorkflow(s, draft.id))).description).toBe('first');
  });

  it('refuses a name another draft has', async () => {
    const a = await createDraft();
    const b = await createDraft();
    await expect(run((s) => WorkflowsService.updateWorkflow(s, b.id, { version: 1, name: a.name }))).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'unique',
      fields: ['name'],
    });
  });

  it('never updates a published version', async () => {
    const v1 = await publish(await createDraft());
    await expect(run((s) => WorkflowsService.updateWorkflow(s, v1.id, { version: v1.version, name: uniqueName() }))).rejects.toMatchObject({
      code: 'INVALID_STATE',
      resource: 'workflow',
      action: 'update',
    });
    expect(await run((s) => WorkflowsService.getWorkflow(s, v1.id))).toEqual(v1);
  });

  it('throws NotFoundError and ValidationError', async () => {
    await expect(run((s) => WorkflowsService.updateWorkflow(s, MISSING, { version: 1 }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run((s) => WorkflowsService.updateWorkflow(s, '123', { version: 1 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['id'] }],
    });
    const draft = await createDraft();
    await expect(run((s) => WorkflowsService.updateWorkflow(s, draft.id, { name: 'x' } as never))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['version'] }],
    });
    await expect(
      run((s) => WorkflowsService.updateWorkflow(s, draft.id, { version: 1, definition: { nodes: [{ id: 'a', type: 'agent', ref: 7 as never }] } })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['definition', 'nodes', 0, 'ref'] }] });
  });
});

describe('validateWorkflow', () => {
  const cases: { name: string; definition: () => unknown; valid: boolean; errors: unknown[]; warnings: unknown[] }[] = [
    { name: 'valid, with references that exist', definition: validDefinition, valid: true, errors: [], warnings: [] },
    {
      name: 'unknown agent and function',
      definition: () => ({
        startNodeId: 'a',
        nodes: [
          { id: 'a', type: 'agent', ref: MISSING },
          { id: 'b', type: 'function', ref: agentId },
        ],
        edges: [{ from: 'a', to: 'b' }],
      }),
      valid: false,
      errors: [
        { code: 'unknown_reference', path: ['nodes', 0, 'ref'] },
        { code: 'unknown_reference', path: ['nodes', 1, 'ref'] },
      ],
      warnings: [],
    },
    {
      name: 'cyclic, dangling and unreachable',
      definition: () => ({
        startNodeId: 'a',
        nodes: [
          { id: 'a', type: 'agent', ref: agentId },
          { id: 'b', type: 'function', ref: functionId },
          { id: 'c', type: 'agent', ref: agentId },
        ],
        edges: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
          { from: 'b', to: 'ghost' },
        ],
      }),
      valid: false,
      errors: [
        { code: 'dangling_edge', path: ['edges', 2, 'to'] },
        { code: 'cycle', path: ['edges', 1], nodeIds: ['a', 'b', 'a'] },
      ],
      warnings: [{ code: 'unreachable_node', path: ['nodes', 2] }],
    },
    {
      name: 'structurally malformed',
      definition: () => ({ startNodeId: 'a', nodes: [{ id: 'a', type: 'robot' }], edges: 'none' }),
      valid: false,
      errors: [
        { code: 'invalid_structure', path: ['nodes', 0, 'type'] },
        { code: 'invalid_structure', path: ['edges'] },
      ],
      warnings: [],
    },
    {
      name: 'not an object',
      definition: () => 'a → b',
      valid: false,
      errors: [{ code: 'invalid_structure', path: [] }],
      warnings: [],
    },
  ];

  it.each(cases)('$name', async ({ definition, valid, errors, warnings }) => {
    const result = await run((s) => WorkflowsService.validateWorkflow(s, definition()));
    expect(workflowValidationResultSchema.parse(result)).toEqual(result);
    expect(result.valid).toBe(valid);
    expect(result.errors).toMatchObject(errors);
    expect(result.errors).toHaveLength(errors.length);
    expect(result.warnings).toMatchObject(warnings);
    expect(result.warnings).toHaveLength(warnings.length);
  });
});

describe('publishWorkflow', () => {
  it('freezes numbered versions with the draft name and definition', async () => {
    const draft = await createDraft({ description: 'd' });
    const v1 = await run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: 1 }));
    expect(workflowSchema.parse(v1)).toEqual(v1);
    expect(v1).toMatchObject({
      name: draft.name,
      description: 'd',
      definition: draft.definition,
      publishedFromId: draft.id,
      versionNumber: 1,
      version: 1,
    });
    expect(v1.id).not.toBe(draft.id);
    expect(v1.publishedAt).not.toBeNull();

    const edited = await run((s) =>
      WorkflowsService.updateWorkflow(s, draft.id, {
        version: 1,
        definition: { ...validDefinition(), edges: validDefinition().edges?.slice(0, 2) },
      }),
    );
    const v2 = await run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: edited.version }));
    expect(v2).toMatchObject({ versionNumber: 2, publishedFromId: draft.id, definition: edited.definition });
    // v1 is untouched by the edit; the draft itself is not changed by publishing
    expect(await run((s) => WorkflowsService.getWorkflowVersion(s, draft.id, 1))).toEqual(v1);
    expect(await run((s) => WorkflowsService.getWorkflow(s, draft.id))).toEqual(edited);
  });

  it('gives concurrent publishes consecutive numbers (the draft is locked while publishing)', async () => {
    const draft = await createDraft();
    const versions = await Promise.all(
      [1, 2, 3].map(() => run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: 1 }))),
    );
    expect(versions.map((v) => v.versionNumber).sort()).toEqual([1, 2, 3]);
  });

  it('refuses an invalid definition with the validation errors, creating nothing', async () => {
    const draft = await createDraft({
      definition: {
        startNodeId: 'a',
        nodes: [
          { id: 'a', type: 'agent', ref: MISSING },
          { id: 'b', type: 'agent', ref: agentId },
        ],
        edges: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
        ],
      },
    });
    const error: unknown = await run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: 1 })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [
        { path: ['definition', 'nodes', 0, 'ref'], message: expect.stringContaining('(unknown_reference)') as string },
        { path: ['definition', 'edges', 1], message: 'cycle: "a" → "b" → "a" (cycle)' },
      ],
    });
    expect((await run((s) => WorkflowsService.listWorkflowVersions(s, draft.id))).pagination.total).toBe(0);

    const noStart = await createDraft({ definition: { nodes: [{ id: 'x', type: 'condition', config: { expression: 'true' } }] } });
    await expect(run((s) => WorkflowsService.publishWorkflow(s, noStart.id, { version: 1 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['definition', 'startNodeId'] }],
    });
  });

  it('refuses a condition expression that does not parse (checked at publish, not at run time)', async () => {
    const draft = await createDraft({
      definition: { startNodeId: 'c', nodes: [{ id: 'c', type: 'condition', config: { expression: ')) nonsense ((' } }] },
    });
    await expect(run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: 1 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [
        {
          path: ['definition', 'nodes', 0, 'config', 'expression'],
          message: 'condition node "c": Unexpected token: RPAREN at character 1 (invalid_expression)',
        },
      ],
    });
  });

  it('publishes despite warnings (unreachable nodes)', async () => {
    const draft = await createDraft({
      definition: { ...validDefinition(), nodes: [...(validDefinition().nodes ?? []), { id: 'spare', type: 'agent', ref: agentId }] },
    });
    const v1 = await run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: 1 }));
    expect(v1.versionNumber).toBe(1);
  });

  it('refuses a stale draft version, a published version, unknown and malformed ids', async () => {
    const draft = await createDraft();
    await run((s) => WorkflowsService.updateWorkflow(s, draft.id, { version: 1, description: 'changed' }));
    await expect(run((s) => WorkflowsService.publishWorkflow(s, draft.id, { version: 1 }))).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'stale_version',
    });
    const v1 = await publish(draft);
    await expect(run((s) => WorkflowsService.publishWorkflow(s, v1.id, { version: 1 }))).rejects.toMatchObject({
      code: 'INVALID_STATE',
      action: 'publish',
    });
    await expect(run((s) => WorkflowsService.publishWorkflow(s, MISSING, { version: 1 }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run((s) => WorkflowsService.publishWorkflow(s, 'x', { version: 1 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['id'] }],
    });
    await expect(run((s) => WorkflowsService.publishWorkflow(s, draft.id, {} as never))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['version'] }],
    });
  });
});

describe('listWorkflowVersions / getWorkflowVersion', () => {
  it('lists versions newest first, with paging', async () => {
    const draft = await createDraft();
    const versions = [await publish(draft), await publish(draft), await publish(draft)];
    const page = await run((s) => WorkflowsService.listWorkflowVersions(s, draft.id));
    expect(workflowPageSchema.parse(page)).toEqual(page);
    expect(page.data.map((v) => v.versionNumber)).toEqual([3, 2, 1]);
    expect(page.data).toEqual([...versions].reverse());
    const second = await run((s) => WorkflowsService.listWorkflowVersions(s, draft.id, { limit: 1, offset: 1 }));
    expect(second).toEqual({ data: [versions[1]], pagination: { total: 3, limit: 1, offset: 1 } });
  });

  it('gets a version by number (numeric strings accepted)', async () => {
    const draft = await createDraft();
    const v1 = await publish(draft);
    expect(await run((s) => WorkflowsService.getWorkflowVersion(s, draft.id, 1))).toEqual(v1);
    expect(await run((s) => WorkflowsService.getWorkflowVersion(s, draft.id, '1'))).toEqual(v1);
  });

  it('throws NotFoundError, InvalidStateError and ValidationError', async () => {
    const draft = await createDraft();
    const v1 = await publish(draft);
    await expect(run((s) => WorkflowsService.getWorkflowVersion(s, draft.id, 2))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      resource: 'workflow version',
    });
    await expect(run((s) => WorkflowsService.getWorkflowVersion(s, MISSING, 1))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      resource: 'workflow',
    });
    await expect(run((s) => WorkflowsService.getWorkflowVersion(s, draft.id, 0))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['versionNumber'] }],
    });
    await expect(run((s) => WorkflowsService.getWorkflowVersion(s, 'x', 1))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['id'] }],
    });
    await expect(run((s) => WorkflowsService.listWorkflowVersions(s, v1.id))).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(run((s) => WorkflowsService.listWorkflowVersions(s, MISSING))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run((s) => WorkflowsService.listWorkflowVersions(s, draft.id, { limit: 0 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['limit'] }],
    });
  });
});

describe('deleteWorkflow', () => {
  it('deletes the draft with its versions and non-live deployments; runs keep their history', async () => {
    const draft = await createDraft();
    const v1 = await publish(draft);
    const stopped = await addDeployment(v1.id, 'stopped');
    const drafted = await addDeployment(draft.id, 'draft');
    const runId = await run(async (s) => s.add(Run, { workflowId: v1.id, status: 'succeeded' }).id);

    await run((s) => WorkflowsService.deleteWorkflow(s, draft.id));

    await expect(run((s) => WorkflowsService.getWorkflow(s, draft.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run((s) => WorkflowsService.getWorkflow(s, v1.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await run((s) => s.get(Deployment, stopped))).toBeNull();
    expect(await run((s) => s.get(Deployment, drafted))).toBeNull();
    expect(await run((s) => s.get(Run, runId))).toMatchObject({ workflowId: null, status: 'succeeded' });
  });

  it('refuses while a deployment of the draft or of one of its versions is live', async () => {
    const draft = await createDraft();
    const v1 = await publish(draft);
    const live = await addDeployment(v1.id, 'deployed');
    await expect(run((s) => WorkflowsService.deleteWorkflow(s, draft.id))).rejects.toMatchObject({ code: 'CONFLICT', reason: 'in_use' });
    expect((await run((s) => WorkflowsService.getWorkflow(s, v1.id))).id).toBe(v1.id);

    await run(async (s) => {
      const row = await s.get(Deployment, live);
      row!.status = 'stopped';
      s.add(row!);
    });
    const other = await createDraft();
    await addDeployment(other.id, 'deployed');
    await expect(run((s) => WorkflowsService.deleteWorkflow(s, other.id))).rejects.toMatchObject({ code: 'CONFLICT', reason: 'in_use' });

    await run((s) => WorkflowsService.deleteWorkflow(s, draft.id));
    await expect(run((s) => WorkflowsService.getWorkflow(s, draft.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('never deletes a published version on its own', async () => {
    const draft = await createDraft();
    const v1 = await publish(draft);
    await expect(run((s) => WorkflowsService.deleteWorkflow(s, v1.id))).rejects.toMatchObject({
      code: 'INVALID_STATE',
      action: 'delete',
    });
    expect(await run((s) => WorkflowsService.getWorkflow(s, v1.id))).toEqual(v1);
  });

  it('throws NotFoundError and ValidationError', async () => {
    await expect(run((s) => WorkflowsService.deleteWorkflow(s, MISSING))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run((s) => WorkflowsService.deleteWorkflow(s, 'bad'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['id'] }],
    });
  });
});
