import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRuntimeDatabase, type EngineRuntimeDatabase } from '@agent-studio/db/engine';
import { openSession, select, withSession } from '@agent-studio/db/exec';
import { Run, RunStep } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtin, deployWorkflow } from '../../test/runtime-fixtures.js';
import { isInvalidStateError } from '../errors/index.js';
import { RunsService } from '../services/runs/runs-service.js';
import { createRunWorker, type RunWorker } from './run-worker.js';
import { waitForRun, watchRun } from './watch-run.js';

let engine: TestEngine;
let db: EngineRuntimeDatabase;
let worker: RunWorker;
let server: Server;
let baseUrl: string;
const seen: { url: string; key: string | undefined; closedAt?: number }[] = [];

beforeAll(async () => {
  engine = await createTestEngine();
  db = createRuntimeDatabase(engine);
  worker = createRunWorker(db, { concurrency: 4, leaseMs: 3_000, heartbeatMs: 200 });
  await worker.start();
  server = createServer((req: IncomingMessage, res) => {
    const entry: (typeof seen)[number] = { url: req.url ?? '', key: req.headers['idempotency-key'] as string | undefined };
    seen.push(entry);
    req.on('close', () => (entry.closedAt ??= Date.now()));
    res.on('close', () => (entry.closedAt ??= Date.now()));
    if (req.url?.startsWith('/slow')) return; // never answers: only a cancel ends it
    const tries = seen.filter((s) => s.url === req.url && s.key === entry.key).length;
    if (req.url === '/flaky' && tries <= 2) {
      res.statusCode = 503;
      return res.end('busy');
    }
    if (req.url === '/limited' && tries === 1) {
      res.statusCode = 429;
      res.setHeader('retry-after', '1');
      return res.end('slow down');
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await worker.stop();
  await db.close();
  server.closeAllConnections();
  server.close();
  await engine.close();
});

async function invoke(deploymentId: string, input: Record<string, unknown> = {}) {
  return withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { input: input as never })).run);
}

describe('the run engine', () => {
  it('runs a workflow end to end, taking the branch its condition chooses', async () => {
    const d = await deployWorkflow(engine, {
      nodes: [
        { id: 'start', fn: builtin('echo') },
        { id: 'urgent', expression: 'output.priority == "high"' },
        { id: 'escalate', fn: builtin('echo'), config: { input: { escalated: '{{ nodes.start.output.priority }}' } } },
        { id: 'answer', fn: builtin('noop') },
      ],
      edges: [
        { from: 'start', to: 'urgent' },
        { from: 'urgent', to: 'escalate', condition: 'true' },
        { from: 'urgent', to: 'answer', condition: 'false' },
      ],
    });
    for (const [priority, taken, skipped] of [['high', 'escalate', 'answer'], ['low', 'answer', 'escalate']] as const) {
      const run = await invoke(d.deploymentId, { priority });
      const done = await waitForRun(db, run.id, { timeoutMs: 15_000 });
      expect(done).toMatchObject({ status: 'succeeded', reason: 'completed', attempt: 1 });
      const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId: run.id }).orderBy('startedAt')).all());
      expect(steps.map((st) => [st.nodeId, st.status])).toEqual([['start', 'succeeded'], ['urgent', 'succeeded'], [taken, 'succeeded']]);
      expect(steps[0]!.output).toEqual({ priority });
      expect(steps[1]!.output).toBe(priority === 'high');
      expect(done!.output).toEqual(priority === 'high' ? { escalated: 'high' } : {});
      const types = [];
      for await (const e of watchRun(db, run.id)) types.push(`${e.type}${e.stepKey ? `:${e.stepKey}` : ''}`);
      expect(types).toEqual([
        'run.queued', 'run.started', 'step.started:start', 'step.succeeded:start', 'step.started:urgent', 'step.succeeded:urgent',
        `step.skipped:${skipped}`, `step.started:${taken}`, `step.succeeded:${taken}`, 'run.succeeded',
      ]);
      // in the chain, a step's end and the next one's start are one statement (one transaction);
      // before a skip, the condition's end is written on its own, ahead of the skip
      const { rows } = await withSession(engine, (s) =>
        s.executeSql<{ event: string; tx: string }>(`SELECT type || ':' || coalesce(step_key, '') AS event, xmin::text AS tx FROM run_events WHERE run_id = $1 ORDER BY id`, [run.id]),
      );
      const tx = new Map(rows.map((r) => [r.event, r.tx]));
      expect(tx.get('step.succeeded:start')).toBe(tx.get('step.started:urgent'));
      expect(tx.get('step.succeeded:urgent')).not.toBe(tx.get(`step.started:${taken}`));
    }
  });

  it('a session that invokes and rolls back leaves neither the run nor its job', async () => {
    const d = await deployWorkflow(engine, { nodes: [{ id: 'a', fn: builtin('noop') }], edges: [] });
    const count = async () => {
      await using s = openSession(engine);
      const runs = await s.exec(select(Run).where({ deploymentId: d.deploymentId }).count()).one();
      const { rows } = await s.executeSql<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'runId' IN (SELECT id::text FROM runs WHERE deployment_id = $1)`, [d.deploymentId]);
      return [runs, rows[0]!.n];
    };
    {
      await using s = openSession(engine);
      await RunsService.invoke(s, d.deploymentId, { input: {} });
      await s.rollback();
    }
    expect(await count()).toEqual([0, 0]);
  });

  it('retries retryable failures with backoff (5xx, then 429 honouring Retry-After) under one Idempotency-Key; a failure without retries fails the run', async () => {
    const d = await deployWorkflow(engine, {
      nodes: [
        { id: 'flaky', fn: { kind: 'http', name: 'flaky_call', config: { url: `${baseUrl}/flaky`, method: 'POST' } }, config: { retry: { count: 3, baseMs: 50, maxMs: 200 } } },
        { id: 'limited', fn: { kind: 'http', name: 'limited_call', config: { url: `${baseUrl}/limited`, method: 'POST' } }, config: { retry: { count: 1, baseMs: 10, maxMs: 5_000 } } },
      ],
      edges: [{ from: 'flaky', to: 'limited' }],
    });
    const run = await invoke(d.deploymentId);
    expect(await waitForRun(db, run.id, { timeoutMs: 15_000 })).toMatchObject({ status: 'succeeded' });
    const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId: run.id }).orderBy('startedAt')).all());
    expect(steps.map((st) => [st.nodeId, st.attempt, st.status])).toEqual([
      ['flaky', 1, 'failed'], ['flaky', 2, 'failed'], ['flaky', 3, 'succeeded'], ['limited', 1, 'failed'], ['limited', 2, 'succeeded'],
    ]);
    expect(steps[0]!.error).toMatchObject({ code: 'http_status', status: 503, retryable: true });
    expect(steps[3]!.error).toMatchObject({ code: 'rate_limited', retryAfterMs: 1_000 });
    // Retry-After: 1 s between the 429 and the next attempt
    expect(steps[4]!.startedAt.getTime() - steps[3]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(900);
    expect(new Set(seen.filter((x) => x.url === '/flaky').map((x) => x.key))).toEqual(new Set([`${run.id}:flaky`]));

    const once = await deployWorkflow(engine, {
      nodes: [{ id: 'flaky', fn: { kind: 'http', name: 'flaky_once', config: { url: `${baseUrl}/flaky`, method: 'POST' } } }],
      edges: [],
    });
    const failed = await invoke(once.deploymentId);
    expect(await waitForRun(db, failed.id, { timeoutMs: 15_000 })).toMatchObject({ status: 'failed', reason: 'step_failed' });
  });

  it('a step over its timeout fails as timeout; a run over its deadline ends timed_out', async () => {
    const d = await deployWorkflow(engine, {
      nodes: [{ id: 'nap', fn: builtin('sleep'), config: { input: { ms: 5_000 }, timeoutMs: 200 } }],
      edges: [],
    });
    const run = await invoke(d.deploymentId);
    expect(await waitForRun(db, run.id, { timeoutMs: 15_000 })).toMatchObject({ status: 'failed', reason: 'step_failed' });
    const [step] = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId: run.id })).all());
    expect(step!.error).toMatchObject({ code: 'timeout' });

    const late = await deployWorkflow(engine, {
      nodes: [{ id: 'nap', fn: builtin('sleep'), config: { input: { ms: 20_000 } } }],
      edges: [],
      config: { runTimeoutMs: 1_000 },
    });
    const t0 = Date.now();
    const timedOut = await invoke(late.deploymentId);
    expect(await waitForRun(db, timedOut.id, { timeoutMs: 15_000 })).toMatchObject({ status: 'timed_out', reason: 'deadline' });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('sends the same Idempotency-Key, and cancels a hanging step within a second', async () => {
    const d = await deployWorkflow(engine, {
      nodes: [
        { id: 'call', fn: { kind: 'http', name: 'slow_call', config: { url: `${baseUrl}/slow`, method: 'POST' } }, config: { timeoutMs: 30_000 } },
        { id: 'after', fn: builtin('noop') },
      ],
      edges: [{ from: 'call', to: 'after' }],
    });
    const run = await invoke(d.deploymentId, { x: 1 });
    await expect.poll(() => seen.filter((s) => s.url.startsWith('/slow') && s.key === `${run.id}:call`).length, { timeout: 10_000 }).toBe(1);
    const cancelAt = Date.now();
    await withSession(engine, (s) => RunsService.requestCancel(s, run.id));
    const done = await waitForRun(db, run.id, { timeoutMs: 10_000 });
    expect(done).toMatchObject({ status: 'cancelled', reason: 'cancelled' });
    const entry = seen.find((s) => s.key === `${run.id}:call`)!;
    expect(entry.closedAt).toBeDefined();
    expect(entry.closedAt! - cancelAt).toBeLessThan(1_000);
    const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId: run.id })).all());
    expect(steps.map((st) => [st.nodeId, st.status])).toEqual([['call', 'cancelled']]);
    await expect(withSession(engine, (s) => RunsService.requestCancel(s, run.id))).rejects.toSatisfy(isInvalidStateError);
  });
});
