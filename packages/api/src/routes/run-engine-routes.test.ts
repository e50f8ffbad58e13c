/**
 * Invoking, waiting for, streaming, cancelling and reading runs through the API, executed by a
 * real run worker (`createRunWorker`) in this process, on builtin-function workflows. Runs on
 * PostgreSQL (DATABASE_URL) and the embedded database alike.
 */
import { withSession } from '@agent-studio/db/exec';
import { RunsService, type RunDto, type RunEventDto } from '@agent-studio/sdk';
import { createRunWorker, waitForRun, watchRun, type RunWorker } from '@agent-studio/sdk/runtime';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, createKey, expectProblem, type ApiTestContext, type Page } from '../../test/api-test-context.js';
import { listenOnLoopback } from '../../test/listen-on-loopback.js';
import { chain, deployWorkflow, written, type DeployedWorkflow } from '../../test/run-fixtures.js';
import { readEventStream } from '../../test/sse-client.js';
import { createLogger } from '../app/logger.js';
import { problemErrorHandler } from '../http/problem-error-handler.js';
import { withRequestSession } from '../session/request-session.js';

const API = '/api/v1';
const missing = '00000000-0000-4000-8000-000000000000';
const TERMINAL = ['run.succeeded', 'run.failed', 'run.cancelled', 'run.timed_out'];

let ctx: ApiTestContext;
let worker: RunWorker;
let base: string;
let closeServer: () => Promise<void>;
let twoSteps: DeployedWorkflow;
let other: DeployedWorkflow;
let slow: DeployedWorkflow;

beforeAll(async () => {
  ctx = await createApiTestContext();
  worker = createRunWorker(ctx.runtime, { concurrency: 4 });
  await worker.start();
  ({ base, close: closeServer } = await listenOnLoopback(ctx.app));
  twoSteps = await deployWorkflow(ctx, 'two-steps', (fn) => chain([fn.echo, fn.current_time]));
  other = await deployWorkflow(ctx, 'other', (fn) => chain([fn.current_time]));
  slow = await deployWorkflow(ctx, 'slow', (fn) => chain([fn.echo, { ref: fn.sleep, input: { ms: 1_500 } }, fn.current_time]));
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await closeServer?.();
  await ctx?.close();
});

const invoke = (d: DeployedWorkflow, body: object = { input: { hello: 'world' } }) =>
  request(ctx.app).post(`${API}/deployments/${d.deploymentId}/runs`).set(d.auth).send(body);

async function eventsOf(runId: string): Promise<RunEventDto[]> {
  return withSession(ctx.engine, (s) => RunsService.listEvents(s, runId, { limit: 1000 }));
}

async function finishedRun(runId: string): Promise<RunDto> {
  const run = await waitForRun(ctx.runtime, runId, { timeoutMs: 20_000 });
  expect(run, `run ${runId} did not finish`).not.toBeNull();
  return run!;
}

describe('POST /deployments/:id/runs', () => {
  it('202 + Location + the queued run with the deployment key; the worker runs it to succeeded; steps are listed', async () => {
    const res = await invoke(twoSteps);
    expect(res.status, res.text).toBe(202);
    const run = res.body as RunDto;
    expect(res.headers.location).toBe(`/api/v1/runs/${run.id}`);
    expect(run).toMatchObject({ status: 'queued', deploymentId: twoSteps.deploymentId, input: { hello: 'world' } });

    const done = await finishedRun(run.id);
    expect(done.status).toBe('succeeded');
    const steps = await request(ctx.app).get(`${API}/runs/${run.id}/steps`).set(ctx.auth);
    expect(steps.status, steps.text).toBe(200);
    const page = steps.body as Page<{ nodeId: string; status: string; output: unknown }>;
    expect(page.data.map((s) => [s.nodeId, s.status])).toEqual([
      ['n1', 'succeeded'],
      ['n2', 'succeeded'],
    ]);
    expect(page.pagination.total).toBe(2);
  });

  it('an admin key may invoke any deployment', async () => {
    const res = await request(ctx.app).post(`${API}/deployments/${other.deploymentId}/runs`).set(ctx.auth).send({ input: {} });
    expect(res.status, res.text).toBe(202);
  });

  it('Prefer: wait=N answers 200 with the finished run and Preference-Applied', async () => {
    const res = await invoke(twoSteps).set('Prefer', 'wait=20');
    expect(res.status, res.text).toBe(200);
    expect((res.body as RunDto).status).toBe('succeeded');
    expect(res.headers['preference-applied']).toBe('wait=20');
    expect(res.headers.location).toBe(`/api/v1/runs/${(res.body as RunDto).id}`);
  });

  it('Prefer: wait=N answers 202 with the run as it is when it does not finish in time (no worker)', async () => {
    await worker.stop();
    try {
      const started = Date.now();
      const res = await invoke(twoSteps).set('Prefer', 'wait=1');
      expect(res.status, res.text).toBe(202);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect((res.body as RunDto).status).toBe('queued');
      expect(res.headers['preference-applied']).toBe('wait=1');
    } finally {
      worker = createRunWorker(ctx.runtime, { concurrency: 4 });
      await worker.start();
    }
  });

  it('the same idempotency key (body or Idempotency-Key header) returns the first run: 200, one run', async () => {
    const first = await invoke(twoSteps, { input: { n: 1 }, idempotencyKey: 'order-42' });
    expect(first.status, first.text).toBe(202);
    const again = await invoke(twoSteps, { input: { n: 2 } }).set('Idempotency-Key', 'order-42');
    expect(again.status, again.text).toBe(200);
    expect((again.body as RunDto).id).toBe((first.body as RunDto).id);
    expect((again.body as RunDto).input).toEqual({ n: 1 });
    const page = await withSession(ctx.engine, (s) => RunsService.listRuns(s, { deploymentId: twoSteps.deploymentId, limit: 100 }));
    expect(page.data.filter((r) => r.id === (first.body as RunDto).id)).toHaveLength(1);
    // the key is per deployment: another deployment's run with the same key is a new run
    const elsewhere = await invoke(other, { input: {}, idempotencyKey: 'order-42' });
    expect(elsewhere.status).toBe(202);
    expect((elsewhere.body as RunDto).id).not.toBe((first.body as RunDto).id);
    // body and header disagreeing is an error
    const body = expectProblem(await invoke(twoSteps, { input: {}, idempotencyKey: 'a' }).set('Idempotency-Key', 'b'), 422);
    expect(body.errors?.map((e) => e.path)).toEqual(['headers.idempotency-key']);
  });

  it('Accept: text/event-stream streams the run on the same request, from run.queued to the terminal event', async () => {
    const stream = await readEventStream(`${base}${API}/deployments/${twoSteps.deploymentId}/runs`, {
      method: 'POST',
      headers: twoSteps.auth,
      body: { input: { streamed: true } },
    });
    expect(stream.status, stream.text).toBe(200);
    expect(stream.endedByServer).toBe(true);
    const types = stream.events.map((e) => e.event);
    expect(types[0]).toBe('run.queued');
    expect(types.at(-1)).toBe('run.succeeded');
    expect(types).toEqual(expect.arrayContaining(['run.started', 'step.started', 'step.succeeded']));
    const runId = stream.headers.get('location')!.split('/').at(-1)!;
    // exactly the persisted events, in order, with their ids
    expect(stream.events.map((e) => [e.id, e.event])).toEqual((await eventsOf(runId)).map((e) => [e.id, e.type]));
    expect((JSON.parse(stream.events[0]!.data) as RunEventDto).runId).toBe(runId);
  });
});

describe('refused invokes: problem+json, nothing written (no run, no event, no job)', () => {
  it('404 unknown deployment, 409 stopped, 403 another deployment key, 403 a deployment key elsewhere, 422 bad body', async () => {
    const stopped = await deployWorkflow(ctx, 'stopped-one', (fn) => chain([fn.echo]), { state: 'stopped' });
    const before = await written(ctx.engine);

    expectProblem(await request(ctx.app).post(`${API}/deployments/${missing}/runs`).set(ctx.auth).send({ input: {} }), 404);
    expectProblem(await invoke(stopped), 409);
    const forbidden = expectProblem(
      await request(ctx.app).post(`${API}/deployments/${twoSteps.deploymentId}/runs`).set(other.auth).send({ input: {} }),
      403,
    );
    expect(forbidden.detail).toMatch(/deployment key may only invoke its own deployment/);
    // a deployment key is not an admin key
    expectProblem(await request(ctx.app).get(`${API}/agents`).set(twoSteps.auth), 403);
    expectProblem(await request(ctx.app).get(`${API}/runs`).set(twoSteps.auth), 403);
    expectProblem(await invoke(twoSteps, { input: {}, idempotencyKey: '' }), 422);
    expectProblem(await invoke(twoSteps, { input: {}, extra: 1 }), 422);

    expect(await written(ctx.engine)).toEqual(before);
  });

  it('422 when the input fails the workflow inputSchema', async () => {
    const typed = await deployWorkflow(ctx, 'typed-input', (fn) => ({
      ...chain([fn.echo]),
      inputSchema: { type: 'object', required: ['question'], properties: { question: { type: 'string' } } },
    }));
    const before = await written(ctx.engine);
    const problem = expectProblem(await invoke(typed, { input: { question: 42 } }), 422);
    expect(problem.errors?.length).toBeGreaterThan(0);
    expect(await written(ctx.engine)).toEqual(before);
    expect((await invoke(typed, { input: { question: 'why?' } })).status).toBe(202);
  });

  it('422 naming the agent node when the workflow has one (a model provider is needed)', async () => {
    const agent = await request(ctx.app).post(`${API}/agents`).set(ctx.auth).send({ name: 'needs-a-model', model: 'gpt-4o-mini' });
    const agentId = (agent.body as { id: string }).id;
    const withAgent = await deployWorkflow(ctx, 'with-agent', (fn) => ({
      startNodeId: 'n1',
      nodes: [
        { id: 'n1', type: 'function', name: 'clock', ref: fn.current_time },
        { id: 'think', type: 'agent', name: 'Think', ref: agentId },
      ],
      edges: [{ from: 'n1', to: 'think' }],
    }));
    const before = await written(ctx.engine);
    const problem = expectProblem(await invoke(withAgent), 422);
    expect(problem.errors?.map((e) => e.path)).toEqual(['definition.nodes.1']);
    expect(JSON.stringify(problem)).toMatch(/model provider/i);
    expect(JSON.stringify(problem)).toMatch(/think|Think/);
    expect(await written(ctx.engine)).toEqual(before);
  });

  it('a request handler that invokes and then throws leaves no run and no job', async () => {
    const before = await written(ctx.engine);
    const app = express();
    app.post(
      '/invoke-then-fail',
      withRequestSession(ctx.engine, async ({ session }) => {
        const { run } = await RunsService.invoke(session, twoSteps.deploymentId, { input: { doomed: true } });
        expect(run.status).toBe('queued'); // written in the request's transaction…
        throw new Error('the handler fails after invoking'); // …and rolled back with it
      }),
    );
    app.use(problemErrorHandler(createLogger('silent')));
    expect((await request(app).post('/invoke-then-fail')).status).toBe(500);
    expect(await written(ctx.engine)).toEqual(before);
  });
});

describe('GET /runs/:id/events', () => {
  it('a client that disconnects mid-run and reconnects with Last-Event-ID receives exactly the missed events, in order, then the stream ends', async () => {
    const run = (await invoke(slow, { input: { resumed: true } })).body as RunDto;
    const url = `${base}${API}/runs/${run.id}/events`;
    // run.queued, run.started, step.started n1, step.succeeded n1, step.started n2 (sleeping)
    const first = await readEventStream(url, { headers: ctx.auth, stopAfter: 5 });
    expect(first.status).toBe(200);
    expect(first.endedByServer).toBe(false);
    expect(first.events[0]!.event).toBe('run.queued');
    expect((await withSession(ctx.engine, (s) => RunsService.getRun(s, run.id))).status).toBe('running'); // mid-run

    const rest = await readEventStream(url, { headers: { ...ctx.auth, 'Last-Event-ID': first.events.at(-1)!.id! } });
    expect(rest.endedByServer).toBe(true);
    const all = await eventsOf(run.id);
    const received = [...first.events, ...rest.events].map((e) => e.id);
    expect(received).toEqual(all.map((e) => e.id)); // nothing missed, nothing twice, in order
    expect(new Set(received).size).toBe(received.length);
    expect(rest.events.at(-1)!.event).toBe('run.succeeded');
    expect(TERMINAL).toContain(all.at(-1)!.type);

    // ?after= does the same; after the terminal event there is nothing more and the stream ends at once
    const after = await readEventStream(`${url}?after=${first.events[0]!.id!}`, { headers: ctx.auth });
    expect(after.events.map((e) => e.id)).toEqual(all.slice(1).map((e) => e.id));
    const none = await readEventStream(url, { headers: { ...ctx.auth, 'Last-Event-ID': all.at(-1)!.id } });
    expect(none).toMatchObject({ status: 200, endedByServer: true, events: [] });
  });

  it('404 for an unknown run, 422 for a malformed Last-Event-ID or ?after=', async () => {
    expectProblem(await request(ctx.app).get(`${API}/runs/${missing}/events`).set(ctx.auth), 404);
    const run = (await invoke(twoSteps)).body as RunDto;
    const bad = expectProblem(await request(ctx.app).get(`${API}/runs/${run.id}/events`).set(ctx.auth).set('Last-Event-ID', 'x'), 422);
    expect(bad.errors?.map((e) => e.path)).toEqual(['headers.last-event-id']);
    expectProblem(await request(ctx.app).get(`${API}/runs/${run.id}/events?after=-1`).set(ctx.auth), 422);
  });
});

describe('POST /runs/:id/cancel', () => {
  it('a finished run is a 409; an unknown one a 404', async () => {
    const run = (await invoke(twoSteps).set('Prefer', 'wait=20')).body as RunDto;
    expect(run.status).toBe('succeeded');
    expect(expectProblem(await request(ctx.app).post(`${API}/runs/${run.id}/cancel`).set(ctx.auth), 409).reason).toBe('invalid_state');
    expectProblem(await request(ctx.app).post(`${API}/runs/${missing}/cancel`).set(ctx.auth), 404);
  });

  it('a running run is cancelled: 202, then it ends cancelled within a second and no later step starts', async () => {
    const run = (await invoke(slow)).body as RunDto;
    // wait until the sleep step (n2) is in flight
    for await (const event of watchRun(ctx.runtime, run.id)) if (event.type === 'step.started' && event.stepKey === 'n2') break;
    const asked = Date.now();
    const res = await request(ctx.app).post(`${API}/runs/${run.id}/cancel`).set(ctx.auth);
    expect(res.status, res.text).toBe(202);
    expect((res.body as RunDto).cancelRequestedAt).not.toBeNull();
    const ended = await finishedRun(run.id);
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect(ended.status).toBe('cancelled');
    const steps = (await withSession(ctx.engine, (s) => RunsService.listSteps(s, run.id))).data;
    expect(steps.map((s) => s.nodeId)).not.toContain('n3');
    expectProblem(await request(ctx.app).post(`${API}/runs/${run.id}/cancel`).set(ctx.auth), 409);
  });

  it('a queued run (no worker) is cancelled: 200 with the cancelled run, or 202 until it is; it ends cancelled', async () => {
    await worker.stop();
    try {
      const run = (await invoke(twoSteps)).body as RunDto;
      const res = await request(ctx.app).post(`${API}/runs/${run.id}/cancel`).set(ctx.auth).set('Prefer', 'wait=5');
      expect([200, 202], res.text).toContain(res.status);
      expect(res.headers.location).toBe(`/api/v1/runs/${run.id}`);
      if (res.status === 200) expect((res.body as RunDto).status).toBe('cancelled');
    } finally {
      worker = createRunWorker(ctx.runtime, { concurrency: 4 });
      await worker.start();
    }
  });
});

describe('GET /runs filters', () => {
  it('by status, deployment and creation time', async () => {
    const t0 = new Date(Date.now() - 1000).toISOString();
    const run = (await invoke(other, { input: { filtered: true } }).set('Prefer', 'wait=20')).body as RunDto;
    const t1 = new Date(Date.now() + 1000).toISOString();
    const page = (await request(ctx.app)
      .get(`${API}/runs?deploymentId=${other.deploymentId}&status=succeeded&createdAfter=${t0}&createdBefore=${t1}`)
      .set(ctx.auth)).body as Page<RunDto>;
    expect(page.data.map((r) => r.id)).toContain(run.id);
    expect(page.data.every((r) => r.deploymentId === other.deploymentId && r.status === 'succeeded')).toBe(true);
    const later = (await request(ctx.app).get(`${API}/runs?deploymentId=${other.deploymentId}&createdAfter=${t1}`).set(ctx.auth)).body as Page<RunDto>;
    expect(later.data).toEqual([]);
  });
});

describe('deployment keys', () => {
  it("read and cancel their own deployment's runs (the invoke's Location), and see another deployment's runs as absent", async () => {
    const res = await invoke(twoSteps);
    expect(res.status, res.text).toBe(202);
    const location = res.headers.location as string;
    const runId = (res.body as RunDto).id;
    await finishedRun(runId);
    const got = await request(ctx.app).get(location).set(twoSteps.auth);
    expect(got.status, got.text).toBe(200);
    expect(got.body).toMatchObject({ id: runId, status: 'succeeded' });
    const steps = await request(ctx.app).get(`${location}/steps`).set(twoSteps.auth);
    expect((steps.body as Page<{ nodeId: string }>).data.map((st) => st.nodeId)).toEqual(['n1', 'n2']);
    const stream = await readEventStream(`${base}${location}/events`, { headers: twoSteps.auth });
    expect(stream.status, stream.text).toBe(200);
    expect(stream.events.map((e) => e.event).at(-1)).toBe('run.succeeded');
    expectProblem(await request(ctx.app).post(`${location}/cancel`).set(twoSteps.auth), 409); // finished: not forbidden

    // another deployment's key: the same 404 as for a run that does not exist
    const notTheirs = expectProblem(await request(ctx.app).get(location).set(other.auth), 404);
    const absent = expectProblem(await request(ctx.app).get(`${API}/runs/${missing}`).set(other.auth), 404);
    expect(notTheirs.title).toBe(absent.title);
    for (const path of [`${location}/steps`, `${location}/events`]) expectProblem(await request(ctx.app).get(path).set(other.auth), 404);
    expectProblem(await request(ctx.app).post(`${location}/cancel`).set(other.auth), 404);
    // and still nothing else: no run list, no manual status change
    expectProblem(await request(ctx.app).get(`${API}/runs`).set(twoSteps.auth), 403);
    expectProblem(await request(ctx.app).post(`${location}/status`).set(twoSteps.auth).send({ status: 'failed' }), 403);
  });

  it('cancel a running run of their own deployment', async () => {
    const res = await invoke(slow);
    const runId = (res.body as RunDto).id;
    for (let i = 0; i < 100 && (await eventsOf(runId)).every((e) => e.type !== 'step.started'); i++) await new Promise((r) => setTimeout(r, 20));
    const cancel = await request(ctx.app).post(`${API}/runs/${runId}/cancel`).set(slow.auth);
    expect([200, 202], cancel.text).toContain(cancel.status);
    expect((await finishedRun(runId)).status).toBe('cancelled');
  });

  it('a revoked admin key and an unknown key are 401; a deployment key after rotation stops working (TTL 0)', async () => {
    const app = ctx.appWith({ API_KEY_CACHE_TTL_MS: '0' });
    const d = await deployWorkflow(ctx, 'rotated', (fn) => chain([fn.echo]));
    const url = `${API}/deployments/${d.deploymentId}/runs`;
    expect((await request(app).post(url).set(d.auth).send({ input: {} })).status).toBe(202);
    await request(app).post(`${API}/deployments/${d.deploymentId}/rotate-key`).set(ctx.auth).expect(200);
    expectProblem(await request(app).post(url).set(d.auth).send({ input: {} }), 401);
    const admin = await createKey(ctx.engine, 'runs-admin');
    expect((await request(app).post(url).set('Authorization', `Bearer ${admin.key}`).send({ input: {} })).status).toBe(202);
  });
});
