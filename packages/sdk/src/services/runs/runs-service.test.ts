import { withSession, type ExecSession } from '@agent-studio/db/exec';
import { Agent, Deployment, Run, RunStep, Workflow } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPageSchema, runSchema, type RecordRunInput, type RunDto, type RunStatus } from './runs-schemas.js';
import { RunsService } from './runs-service.js';

let engine: TestEngine;
let agentId: string;
let otherAgentId: string;
let workflowId: string;
let agentDeploymentId: string;
let workflowDeploymentId: string;

const MISSING = '44444444-4444-4444-8444-444444444444';

function run<T>(fn: (session: ExecSession) => Promise<T>): Promise<T> {
  return withSession(engine, fn);
}

function record(input: RecordRunInput): Promise<RunDto> {
  return run((s) => RunsService.recordRun(s, input));
}

beforeAll(async () => {
  engine = await createTestEngine();
  await run(async (s) => {
    agentId = s.add(Agent, { name: 'support', model: 'gpt-4o-mini' }).id;
    otherAgentId = s.add(Agent, { name: 'sales', model: 'gpt-4o-mini' }).id;
    workflowId = s.add(Workflow, { name: 'triage', definition: { nodes: [], edges: [] } }).id;
    await s.flush();
    agentDeploymentId = s.add(Deployment, { name: 'support-prod', agentId, status: 'deployed' }).id;
    workflowDeploymentId = s.add(Deployment, { name: 'triage-prod', workflowId, status: 'deployed' }).id;
  });
});

afterAll(() => engine.close());

describe('recordRun', () => {
  it('records a queued run of an agent with defaults', async () => {
    const dto = await record({ agentId });
    expect(runSchema.parse(dto)).toEqual(dto);
    expect(dto).toMatchObject({
      agentId,
      deploymentId: null,
      workflowId: null,
      status: 'queued',
      input: {},
      output: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    });
    expect(await run((s) => s.get(Run, dto.id))).toMatchObject({ agentId, status: 'queued' });
  });

  it('fills the target in from the deployment', async () => {
    const ofAgent = await record({ deploymentId: agentDeploymentId, input: { q: 'hi' } });
    expect(ofAgent).toMatchObject({ deploymentId: agentDeploymentId, agentId, workflowId: null, input: { q: 'hi' } });
    const ofWorkflow = await record({ deploymentId: workflowDeploymentId });
    expect(ofWorkflow).toMatchObject({ deploymentId: workflowDeploymentId, agentId: null, workflowId });
    const explicit = await record({ deploymentId: agentDeploymentId, agentId: otherAgentId });
    expect(explicit.agentId).toBe(otherAgentId);
  });

  it('records a finished run with output, error and timestamps', async () => {
    const startedAt = '2026-01-02T03:04:05.000Z';
    const finishedAt = '2026-01-02T03:04:09.500+00:00';
    const done = await record({ workflowId, status: 'succeeded', input: [1, 'two'], output: { answer: 42 }, startedAt, finishedAt });
    expect(done).toMatchObject({ status: 'succeeded', input: [1, 'two'], output: { answer: 42 }, startedAt, finishedAt: '2026-01-02T03:04:09.500Z' });

    const before = Date.now();
    const failed = await record({ agentId, status: 'failed', error: 'model timed out' });
    expect(failed.error).toBe('model timed out');
    expect(Date.parse(failed.startedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(failed.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(failed.startedAt!));

    const running = await record({ agentId, status: 'running' });
    expect(running.startedAt).not.toBeNull();
    expect(running.finishedAt).toBeNull();

    const cancelled = await record({ agentId, status: 'cancelled' });
    expect(cancelled.startedAt).toBeNull();
    expect(cancelled.finishedAt).not.toBeNull();

    const future = await record({ agentId, status: 'succeeded', startedAt: '2999-01-01T00:00:00Z' });
    expect(Date.parse(future.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(future.startedAt!));
  });

  it('needs at least one target', async () => {
    await expect(record({ status: 'queued', input: {} })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: [], message: 'one of deploymentId, agentId or workflowId is required' }],
    });
  });

  it('refuses references to rows that do not exist, naming each field', async () => {
    await expect(record({ deploymentId: MISSING, agentId: MISSING, workflowId: MISSING })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['deploymentId'] }, { path: ['agentId'] }, { path: ['workflowId'] }],
    });
    await expect(record({ agentId, workflowId: MISSING })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['workflowId'] }],
    });
  });

  it('rejects malformed input with field paths', async () => {
    await expect(record({ agentId: 'nope', status: 'done' as never })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['agentId'] }, { path: ['status'] }],
    });
    await expect(record({ agentId, status: 'queued', startedAt: '2026-01-01T00:00:00Z' })).rejects.toMatchObject({
      issues: [{ path: ['startedAt'] }],
    });
    await expect(record({ agentId, status: 'running', finishedAt: '2026-01-01T00:00:00Z' })).rejects.toMatchObject({
      issues: [{ path: ['finishedAt'] }],
    });
    await expect(
      record({ agentId, status: 'succeeded', startedAt: '2026-01-02T00:00:00Z', finishedAt: '2026-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ issues: [{ path: ['finishedAt'], message: 'must not be before startedAt' }] });
    await expect(record({ agentId, startedAt: 'yesterday', status: 'running' })).rejects.toMatchObject({
      issues: [{ path: ['startedAt'] }],
    });
    await expect(record({ agentId, input: { when: new Date() } as never })).rejects.toMatchObject({
      issues: [{ path: ['input'] }],
    });
    await expect(record(undefined as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('updateRunStatus', () => {
  it('moves a run queued → running → succeeded, stamping the times', async () => {
    const queued = await record({ agentId });
    const running = await run((s) => RunsService.updateRunStatus(s, queued.id, { status: 'running' }));
    expect(running.status).toBe('running');
    expect(running.startedAt).not.toBeNull();
    expect(running.finishedAt).toBeNull();
    const done = await run((s) => RunsService.updateRunStatus(s, queued.id, { status: 'succeeded', output: { ok: true } }));
    expect(runSchema.parse(done)).toEqual(done);
    expect(done).toMatchObject({ status: 'succeeded', output: { ok: true }, error: null, startedAt: running.startedAt });
    expect(Date.parse(done.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt!));
    expect(await run((s) => RunsService.getRun(s, queued.id))).toEqual(done);
  });

  it('allows running → failed | cancelled and queued → cancelled', async () => {
    const a = await record({ agentId, status: 'running' });
    expect(await run((s) => RunsService.updateRunStatus(s, a.id, { status: 'failed', error: 'boom' }))).toMatchObject({
      status: 'failed',
      error: 'boom',
    });
    const b = await record({ agentId, status: 'running' });
    expect((await run((s) => RunsService.updateRunStatus(s, b.id, { status: 'cancelled' }))).status).toBe('cancelled');
    const c = await record({ agentId });
    const cancelled = await run((s) => RunsService.updateRunStatus(s, c.id, { status: 'cancelled' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', startedAt: null });
    expect(cancelled.finishedAt).not.toBeNull();
  });

  const invalid: [RunStatus, RunStatus][] = [
    ['queued', 'succeeded'],
    ['queued', 'failed'],
    ['queued', 'queued'],
    ['running', 'running'],
    ['running', 'queued'],
    ['succeeded', 'running'],
    ['succeeded', 'failed'],
    ['failed', 'succeeded'],
    ['cancelled', 'running'],
  ];

  it.each(invalid)('refuses %s → %s with InvalidStateError', async (from, to) => {
    const r = await record({ agentId, status: from });
    await expect(run((s) => RunsService.updateRunStatus(s, r.id, { status: to }))).rejects.toMatchObject({
      code: 'INVALID_STATE',
      resource: 'run',
      state: from,
      action: `mark as ${to}`,
    });
    expect((await run((s) => RunsService.getRun(s, r.id))).status).toBe(from);
  });

  it('lets only one of two concurrent transitions apply', async () => {
    const r = await record({ agentId, status: 'running' });
    const results = await Promise.allSettled([
      run((s) => RunsService.updateRunStatus(s, r.id, { status: 'succeeded' })),
      run((s) => RunsService.updateRunStatus(s, r.id, { status: 'cancelled' })),
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((x) => x.status === 'rejected')).toMatchObject({ reason: { code: 'INVALID_STATE' } });
  });

  it('throws NotFoundError and ValidationError', async () => {
    await expect(run((s) => RunsService.updateRunStatus(s, MISSING, { status: 'running' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run((s) => RunsService.updateRunStatus(s, 'x', { status: 'running' }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['id'] }],
    });
    const r = await record({ agentId });
    await expect(run((s) => RunsService.updateRunStatus(s, r.id, { status: 'paused' as never }))).rejects.toMatchObject({
      issues: [{ path: ['status'] }],
    });
    await expect(run((s) => RunsService.updateRunStatus(s, r.id, { status: 'running', output: 1, error: 'e' }))).rejects.toMatchObject({
      issues: [{ path: ['output'] }, { path: ['error'] }],
    });
  });
});

describe('listRuns / getRun', () => {
  let mine: RunDto[];
  let agent: string;

  beforeAll(async () => {
    agent = await run(async (s) => s.add(Agent, { name: 'lister', model: 'gpt-4o-mini' }).id);
    mine = [];
    for (const status of ['queued', 'running', 'failed', 'failed'] as const) mine.push(await record({ agentId: agent, status }));
    mine.push(await record({ agentId: agent, workflowId, status: 'succeeded' }));
  });

  it('filters by agent, newest first by default', async () => {
    const page = await run((s) => RunsService.listRuns(s, { agentId: agent }));
    expect(runPageSchema.parse(page)).toEqual(page);
    expect(page.pagination).toEqual({ total: 5, limit: 20, offset: 0 });
    expect(page.data.map((r) => r.id)).toEqual(
      [...mine].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)).map((r) => r.id),
    );
  });

  it('filters by status, workflow and deployment; sorts ascending; pages', async () => {
    const failed = await run((s) => RunsService.listRuns(s, { agentId: agent, status: 'failed', sort: 'createdAt' }));
    expect(failed.data.map((r) => r.id).sort()).toEqual([mine[2]!.id, mine[3]!.id].sort());
    const ofWorkflow = await run((s) => RunsService.listRuns(s, { agentId: agent, workflowId }));
    expect(ofWorkflow.data.map((r) => r.id)).toEqual([mine[4]!.id]);
    const ofDeployment = await run((s) => RunsService.listRuns(s, { deploymentId: workflowDeploymentId }));
    expect(ofDeployment.data.every((r) => r.deploymentId === workflowDeploymentId)).toBe(true);
    const paged = await run((s) => RunsService.listRuns(s, { agentId: agent, sort: 'createdAt', limit: 2, offset: 2 }));
    const ascending = [...mine].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    expect(paged).toMatchObject({ pagination: { total: 5, limit: 2, offset: 2 } });
    expect(paged.data.map((r) => r.id)).toEqual(ascending.slice(2, 4).map((r) => r.id));
  });

  it('rejects unknown keys, naming them (a misspelt filter used to be ignored)', async () => {
    const unknownKey = (key: string) => ({ code: 'VALIDATION_FAILED', issues: [{ path: [], message: expect.stringContaining(`"${key}"`) }] });
    await expect(run((s) => RunsService.listRuns(s, { deploymentID: MISSING } as never))).rejects.toMatchObject(unknownKey('deploymentID'));
    await expect(record({ agentId, agentID: agentId } as never)).rejects.toMatchObject(unknownKey('agentID'));
    const r = await record({ agentId });
    await expect(run((s) => RunsService.updateRunStatus(s, r.id, { status: 'running', reason: 'x' } as never))).rejects.toMatchObject(unknownKey('reason'));
    await expect(run((s) => RunsService.listSteps(s, r.id, { limt: 1 } as never))).rejects.toMatchObject(unknownKey('limt'));
    expect((await run((s) => RunsService.listRuns(s, { agentId, skip: 1, limit: 1 }))).pagination.offset).toBe(1);
  });

  it('rejects bad queries with paths', async () => {
    await expect(run((s) => RunsService.listRuns(s, { agentId: 'x', status: 'done' as never, sort: 'status' as never }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['agentId'] }, { path: ['status'] }, { path: ['sort'] }],
    });
    expect((await run((s) => RunsService.listRuns(s))).pagination.limit).toBe(20);
  });

  it('gets a run, or throws NotFoundError / ValidationError', async () => {
    expect(await run((s) => RunsService.getRun(s, mine[0]!.id))).toEqual(mine[0]);
    await expect(run((s) => RunsService.getRun(s, MISSING))).rejects.toMatchObject({ code: 'NOT_FOUND', resource: 'run' });
    await expect(run((s) => RunsService.getRun(s, 'nope'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['id'] }] });
  });

  it('gets a run with every step attempt, oldest first (more than a page of them)', async () => {
    const r = await record({ agentId, status: 'running' });
    const base = Date.now() - 1_000_000;
    await run(async (s) => {
      // 150 attempts, added out of order: the list comes back by start time
      for (const i of [...Array.from({ length: 150 }, (_, n) => n)].reverse()) {
        s.add(RunStep, { runId: r.id, nodeId: `n${i}`, stepKey: `n${i}`, kind: 'function', status: 'succeeded', attempt: 1, startedAt: new Date(base + i * 1000) });
      }
    });
    const { run: got, steps } = await run((s) => RunsService.getRunWithSteps(s, r.id));
    expect(got).toEqual(r);
    expect(steps.map((st) => st.stepKey)).toEqual(Array.from({ length: 150 }, (_, n) => `n${n}`));
    await expect(run((s) => RunsService.getRunWithSteps(s, MISSING))).rejects.toMatchObject({ code: 'NOT_FOUND', resource: 'run' });
    await expect(run((s) => RunsService.getRunWithSteps(s, 'nope'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['id'] }] });
  });
});
