import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, type Page, authedClient, createApiTestContext, expectProblem, operationCoverage } from '../../test/api-test-context.js';

interface Run {
  id: string;
  status: string;
  agentId: string | null;
  deploymentId: string | null;
  input: unknown;
  output: unknown;
  startedAt: string | null;
  finishedAt: string | null;
}

const API = '/api/v1';
const missing = '00000000-0000-4000-8000-000000000000';
let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;
let agentId: string;
let deploymentId: string;

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'runs');
  const agent = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'run-agent', model: 'm' });
  agentId = (agent.body as { id: string }).id;
  const dep = await request(ctx.app).post(`${API}/deployments`).set(ctx.auth).send({ name: 'run-dep', agentId });
  deploymentId = (dep.body as { id: string }).id;
});
afterAll(() => ctx?.close());

const { get, post } = authedClient(() => ctx);

describe('runs: success paths', () => {
  it('POST /runs records a run; GET /runs/:id reads it', async () => {
    const run = cov.ok<Run>(await post('/runs', { agentId, input: { question: 'hi' } }), 201);
    expect(run).toMatchObject({ agentId, status: 'queued', input: { question: 'hi' }, output: null, startedAt: null });
    expect(cov.ok<Run>(await get(`/runs/${run.id}`), 200)).toEqual(run);
  });

  it('a run of a deployment defaults its agent', async () => {
    const run = cov.ok<Run>(await post('/runs', { deploymentId, status: 'running' }), 201);
    expect(run).toMatchObject({ deploymentId, agentId, status: 'running' });
    expect(run.startedAt).not.toBeNull();
  });

  it('POST /runs/:id/status moves a run through its lifecycle', async () => {
    const run = cov.ok<Run>(await post('/runs', { agentId }), 201);
    expect(cov.ok<Run>(await post(`/runs/${run.id}/status`, { status: 'running' }), 200).status).toBe('running');
    const done = cov.ok<Run>(await post(`/runs/${run.id}/status`, { status: 'succeeded', output: { answer: 42 } }), 200);
    expect(done).toMatchObject({ status: 'succeeded', output: { answer: 42 } });
    expect(done.finishedAt).not.toBeNull();
    // a finished run cannot move again: invalid state
    expect(expectProblem(await post(`/runs/${run.id}/status`, { status: 'running' }), 409).reason).toBe('invalid_state');
  });

  it('GET /runs lists with filters, sort and skip', async () => {
    const mine = await post('/runs', { agentId, status: 'failed', error: 'boom' });
    expect(mine.status).toBe(201);
    const failed = cov.ok<Page<Run>>(await get(`/runs?status=failed&agentId=${agentId}`), 200);
    expect(failed.data.map((r) => r.id)).toEqual([(mine.body as Run).id]);
    const all = cov.ok<Page<Run>>(await get('/runs?sort=createdAt'), 200);
    const skipped = cov.ok<Page<Run>>(await get('/runs?sort=createdAt&limit=1&skip=1'), 200);
    expect(skipped.pagination).toEqual({ total: all.pagination.total, limit: 1, offset: 1 });
    expect(skipped.data[0]!.id).toBe(all.data[1]!.id);
    expect(expectProblem(await get('/runs?sort=status'), 422).errors?.map((e) => e.path)).toContain('query.sort');
    expectProblem(await get('/runs?limit=101'), 422);
  });
});

describe('runs: errors', () => {
  it('404 for a missing run', async () => {
    expectProblem(await get(`/runs/${missing}`), 404);
    expectProblem(await post(`/runs/${missing}/status`, { status: 'running' }), 404);
  });

  it('422 with paths for invalid runs and transitions', async () => {
    const noTarget = expectProblem(await post('/runs', { input: {} }), 422);
    expect(noTarget.errors?.length).toBeGreaterThan(0);
    const queuedStarted = expectProblem(await post('/runs', { agentId, startedAt: new Date(0).toISOString() }), 422);
    expect(queuedStarted.errors?.map((e) => e.path)).toContain('body.startedAt');
    const run = cov.ok<Run>(await post('/runs', { agentId }), 201);
    const early = expectProblem(await post(`/runs/${run.id}/status`, { status: 'running', output: 1 }), 422);
    expect(early.errors?.map((e) => e.path)).toContain('body.output');
    expectProblem(await post(`/runs/${run.id}/status`, { status: 'paused' }), 422);
    expect(expectProblem(await get('/runs/nope'), 422).errors?.map((e) => e.path)).toEqual(['params.id']);
    const ghost = expectProblem(await post('/runs', { agentId: missing }), 422);
    expect(ghost.errors?.map((e) => e.path)).toEqual(['body.agentId']);
  });

  it('409 for a transition the lifecycle forbids (queued → succeeded)', async () => {
    const run = cov.ok<Run>(await post('/runs', { agentId }), 201);
    expectProblem(await post(`/runs/${run.id}/status`, { status: 'succeeded' }), 409);
  });
});

it('covers every runs operation but the run engine ones (run-engine-routes.test.ts, chat-completions-route.test.ts — threads too — and svg-routes.test.ts cover those)', () => {
  expect(cov.missing().sort()).toEqual(['cancelRun', 'createChatCompletion', 'getRunTimelineSvg', 'getThread', 'invokeDeployment', 'listRunSteps', 'streamRunEvents']);
});
