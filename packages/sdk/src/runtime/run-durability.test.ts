/**
 * The run engine against real failures: worker PROCESSES killed with SIGKILL, stopped with
 * SIGTERM, and two processes sharing one queue — on the PostgreSQL server (a second process cannot
 * open the embedded database; its own crash test is in run-durability-embedded.test.ts).
 */
import { createRuntimeDatabase, type EngineRuntimeDatabase } from '@agent-studio/db/engine';
import { select, withSession } from '@agent-studio/db/exec';
import { RunEvent, RunStep } from '@agent-studio/db/models';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCountingServer, type CountingServer } from '../../test/counting-server.js';
import { builtin, deployWorkflow, uniqueName } from '../../test/runtime-fixtures.js';
import { startScriptedModelServer } from '../../test/scripted-model-server.js';
import { AgentsService } from '../services/agents/agents-service.js';
import { DeploymentsService } from '../services/deployments/deployments-service.js';
import { FunctionsService } from '../services/functions/functions-service.js';
import { ModelProvidersService } from '../services/model-providers/model-providers-service.js';
import { databaseEnv, startWorkerProcess, type WorkerProcess } from '../../test/worker-processes.js';
import { RunsService } from '../services/runs/runs-service.js';
import { waitForRun } from './watch-run.js';

const onServer = Boolean(process.env.DATABASE_URL);
let engine: TestEngine;
let db: EngineRuntimeDatabase;
let http: CountingServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  engine = await createTestEngine();
  db = createRuntimeDatabase(engine);
  http = await startCountingServer({ '/slow': 6_000 });
});
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await http.close();
  await db.close();
  await engine.close();
});

async function worker(extra: Record<string, string> = {}): Promise<WorkerProcess> {
  const w = await startWorkerProcess(databaseEnv(engine), extra);
  workers.push(w);
  return w;
}

const httpFn = (name: string, path: string) => ({ kind: 'http' as const, name, config: { url: `${http.url}${path}`, method: 'POST' as const } });

async function invoke(deploymentId: string, input: Record<string, number> = {}): Promise<string> {
  return withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { input })).run.id);
}

async function stopAll(): Promise<void> {
  for (const w of workers.splice(0)) {
    if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await w.exited;
  }
}

describe.runIf(onServer)('durability (worker processes)', () => {
  beforeEach(stopAll);

  it('a worker SIGKILLed in a slow step: another process finishes the run, completed steps once, the interrupted one twice with one Idempotency-Key', async () => {
    const d = await deployWorkflow(engine, {
      nodes: [
        { id: 'first', fn: httpFn('crash_first', '/first') },
        { id: 'slow', fn: httpFn('crash_slow', '/slow') },
        { id: 'last', fn: httpFn('crash_last', '/last') },
      ],
      edges: [{ from: 'first', to: 'slow' }, { from: 'slow', to: 'last' }],
    });
    const a = await worker({ WORKER_LEASE_MS: '2000' });
    const runId = await invoke(d.deploymentId);
    await expect.poll(() => http.seen.some((s) => s.path === '/slow' && s.key === `${runId}:slow`), { timeout: 15_000 }).toBe(true);
    a.child.kill('SIGKILL');
    await a.exited;
    await worker({ WORKER_LEASE_MS: '2000' });
    const done = await waitForRun(db, runId, { timeoutMs: 30_000 });
    expect(done).toMatchObject({ status: 'succeeded', attempt: 2 });
    const mine = http.seen.filter((s) => s.key?.startsWith(runId));
    expect(mine.filter((s) => s.path === '/first')).toHaveLength(1);
    expect(mine.filter((s) => s.path === '/last')).toHaveLength(1);
    const slow = mine.filter((s) => s.path === '/slow');
    expect(slow).toHaveLength(2);
    expect(new Set(slow.map((s) => s.key))).toEqual(new Set([`${runId}:slow`]));
    const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId }).orderBy('startedAt')).all());
    expect(steps.map((st) => [st.nodeId, st.attempt, st.status])).toEqual([
      ['first', 1, 'succeeded'],
      ['slow', 1, 'running'], // the attempt the killed worker never finished
      ['slow', 2, 'succeeded'],
      ['last', 1, 'succeeded'],
    ]);
    const types = (await withSession(engine, (s) => s.exec(select(RunEvent).where({ runId }).orderBy('id')).all())).map((e) => e.type);
    expect(types).toContain('run.requeued');
    expect(types).toContain('run.resumed');
  });

  it('SIGTERM: the step in flight finishes, the run is handed back and resumed by another worker without re-running it', async () => {
    const d = await deployWorkflow(engine, {
      nodes: [
        { id: 'sleepy', fn: builtin('sleep') , config: { input: { ms: 1500 } } },
        { id: 'then', fn: httpFn('term_then', '/then') },
      ],
      edges: [{ from: 'sleepy', to: 'then' }],
    });
    const a = await worker({ WORKER_GRACE_MS: '10000' });
    const runId = await invoke(d.deploymentId);
    await expect
      .poll(async () => (await withSession(engine, (s) => s.exec(select(RunStep).where({ runId, nodeId: 'sleepy' })).all())).length, { timeout: 15_000 })
      .toBe(1);
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(a.output()).toMatch(/stats .*"requeued":1/);
    expect(http.count('/then')).toBe(0); // nothing started after the stop
    await worker();
    expect(await waitForRun(db, runId, { timeoutMs: 30_000 })).toMatchObject({ status: 'succeeded', attempt: 2 });
    const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId }).orderBy('startedAt')).all());
    expect(steps.map((st) => [st.nodeId, st.attempt, st.status])).toEqual([['sleepy', 1, 'succeeded'], ['then', 1, 'succeeded']]);
  });

  it('two worker processes and 500 committed invokes: every run executes exactly once, none is lost', async () => {
    const d = await deployWorkflow(engine, { nodes: [{ id: 'hit', fn: httpFn('many_hit', '/hit') }], edges: [] });
    const [w1, w2] = await Promise.all([worker({ WORKER_CONCURRENCY: '10', WORKER_LEASE_MS: '10000' }), worker({ WORKER_CONCURRENCY: '10', WORKER_LEASE_MS: '10000' })]);
    const ids: string[] = [];
    for (let batch = 0; batch < 25; batch++) {
      ids.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => invoke(d.deploymentId, { i: batch * 20 + i })))));
    }
    await expect
      .poll(async () => (await db.executeSql<{ n: number }>(`SELECT count(*)::int AS n FROM runs WHERE deployment_id = $1 AND status = 'succeeded'`, [d.deploymentId])).rows[0]!.n, { timeout: 60_000, interval: 250 })
      .toBe(500);
    const keys = http.seen.filter((s) => s.path === '/hit').map((s) => s.key);
    const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (twice.length) {
      const runId = twice[0]!.split(':')[0]!;
      const events = await withSession(engine, (s) => s.exec(select(RunEvent).where({ runId }).orderBy('id')).all());
      console.log(JSON.stringify(events.map((e) => [e.type, e.data]), null, 1));
    }
    expect(twice).toEqual([]);
    expect(keys).toHaveLength(500);
    expect(new Set(keys)).toEqual(new Set(ids.map((id) => `${id}:hit`)));
    w1.child.kill('SIGTERM');
    w2.child.kill('SIGTERM');
    await Promise.all([w1.exited, w2.exited]);
    const started = [w1, w2].map((w) => JSON.parse(/stats (.*)/.exec(w.output())![1]!).started as number);
    expect(started[0]! + started[1]!).toBe(500);
    expect(Math.min(...started)).toBeGreaterThan(0); // both took work
  });

  it('an agent run whose worker is SIGKILLed between two model calls resumes without repeating the finished model call', async () => {
    const model = await startScriptedModelServer([]);
    try {
      const { deploymentId, tool } = await withSession(engine, async (s) => {
        const provider = await ModelProvidersService.createModelProvider(s, { name: uniqueName('crashllm'), baseUrl: model.baseUrl });
        const agent = await AgentsService.createAgent(s, { name: uniqueName('crash-agent'), model: `${provider.name}/m` });
        const fn = await FunctionsService.createFunction(s, { ...httpFn(uniqueName('agent_slow'), '/slow'), parameters: { type: 'object', properties: {} } });
        await AgentsService.attachFunction(s, agent.id, { functionId: fn.id });
        const d = await DeploymentsService.createDeployment(s, { name: uniqueName('crash-agent-dep'), agentId: agent.id });
        await DeploymentsService.deploy(s, d.id, { version: d.version });
        return { deploymentId: d.id, tool: fn.name };
      });
      model.push({ kind: 'tool_calls', calls: [{ id: 'c1', name: tool, arguments: {} }] }, { kind: 'text', text: 'done' });
      const a = await worker({ WORKER_LEASE_MS: '2000' });
      const runId = await invoke(deploymentId);
      await expect.poll(() => http.seen.some((x) => x.key === `${runId}:agent/tool#1:c1`), { timeout: 15_000 }).toBe(true);
      expect(model.requests).toHaveLength(1);
      a.child.kill('SIGKILL');
      await a.exited;
      await worker({ WORKER_LEASE_MS: '2000' });
      expect(await waitForRun(db, runId, { timeoutMs: 30_000 })).toMatchObject({ status: 'succeeded', output: 'done', attempt: 2 });
      expect(model.requests).toHaveLength(2); // model#1 came from its checkpoint, only model#2 was asked
      const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId }).orderBy('startedAt')).all());
      expect(steps.filter((st) => st.stepKey === 'agent/model#1')).toHaveLength(1);
    } finally {
      await model.close();
    }
  });
});
