/**
 * Run engine metrics after a known sequence of runs: a real worker, real PostgreSQL, a loopback
 * HTTP server for the flaky and hanging steps, a scripted model server for the agent — then the
 * registry's text output parsed by a Prometheus text-format parser and every figure checked to
 * have moved by exactly what was done.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRuntimeDatabase, type EngineRuntimeDatabase } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { parsePromText } from '@agent-studio/test-servers/prometheus-text';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtin, deployWorkflow, uniqueName } from '../../test/runtime-fixtures.js';
import { startScriptedModelServer, type ScriptedModelServer } from '../../test/scripted-model-server.js';
import { AgentsService } from '../services/agents/agents-service.js';
import { DeploymentsService } from '../services/deployments/deployments-service.js';
import { ModelProvidersService } from '../services/model-providers/model-providers-service.js';
import { RunsService } from '../services/runs/runs-service.js';
import { createRunWorker, type RunWorker } from '../runtime/run-worker.js';
import { waitForRun } from '../runtime/watch-run.js';
import { registerEngineMetrics } from './engine-metrics.js';
import { createRunMetrics } from './run-metrics.js';

let engine: TestEngine;
let db: EngineRuntimeDatabase;
let worker: RunWorker;
let server: Server;
let baseUrl: string;
let model: ScriptedModelServer;
const registry = new Registry();
const hits = new Map<string, number>();

beforeAll(async () => {
  engine = await createTestEngine();
  db = createRuntimeDatabase(engine);
  registerEngineMetrics(registry, engine);
  worker = createRunWorker(db, { concurrency: 2, leaseMs: 3_000, heartbeatMs: 200, observer: createRunMetrics(registry, { db }) });
  model = await startScriptedModelServer([]);
  server = createServer((req, res) => {
    const key = `${req.url}:${String(req.headers['idempotency-key'])}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    if (req.url === '/slow') return; // only a cancel ends it
    if (req.url === '/flaky' && hits.get(key) === 1) return void res.writeHead(503).end('busy');
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await worker.stop();
  await db.close();
  server.closeAllConnections();
  server.close();
  await model.close();
  await engine.close();
});

async function scrape() {
  return parsePromText(await registry.metrics());
}
async function invoke(deploymentId: string, input: Record<string, unknown> = {}) {
  return withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { input: input as never })).run);
}

describe('run metrics', () => {
  it('count exactly the runs, steps, retries, cancellations, queue and model calls that happened', async () => {
    const workflow = await deployWorkflow(engine, {
      nodes: [
        { id: 'start', fn: builtin('echo') },
        { id: 'flaky', fn: { kind: 'http', name: uniqueName('flaky'), config: { url: `${baseUrl}/flaky`, method: 'POST' } }, config: { retry: { count: 2, baseMs: 10, maxMs: 20 } } },
        { id: 'check', expression: 'true' },
      ],
      edges: [{ from: 'start', to: 'flaky' }, { from: 'flaky', to: 'check' }],
    });
    // queued while no worker runs: the queue depth is read at scrape
    const first = await invoke(workflow.deploymentId);
    expect((await scrape()).value('agent_studio_run_queue_depth')).toBe(1);
    await worker.start();
    expect(await waitForRun(db, first.id, { timeoutMs: 15_000 })).toMatchObject({ status: 'succeeded' });

    // a hanging step, cancelled
    const hanging = await deployWorkflow(engine, {
      nodes: [{ id: 'call', fn: { kind: 'http', name: uniqueName('slow'), config: { url: `${baseUrl}/slow`, method: 'POST' } } }],
      edges: [],
    });
    const second = await invoke(hanging.deploymentId);
    await expect.poll(() => hits.get(`/slow:${second.id}:call`) ?? 0, { timeout: 10_000 }).toBe(1);
    await withSession(engine, (s) => RunsService.requestCancel(s, second.id));
    expect(await waitForRun(db, second.id, { timeoutMs: 10_000 })).toMatchObject({ status: 'cancelled' });

    // a deployed agent: one model call with 7 + 5 tokens
    const provider = uniqueName('local');
    const agentDeployment = await withSession(engine, async (s) => {
      await ModelProvidersService.createModelProvider(s, { name: provider, baseUrl: model.baseUrl, apiKey: 'sk-metrics-test-key-0123456789' });
      const agent = await AgentsService.createAgent(s, { name: uniqueName('agent'), model: `${provider}/qwen2.5`, instructions: 'Be brief.' });
      const d = await DeploymentsService.createDeployment(s, { name: uniqueName('agent-dep'), agentId: agent.id });
      await DeploymentsService.deploy(s, d.id, { version: d.version });
      return d;
    });
    model.push({ kind: 'text', text: 'hi', usage: { promptTokens: 7, completionTokens: 5 } });
    const third = await withSession(engine, async (s) => (await RunsService.invoke(s, agentDeployment.id, { messages: [{ role: 'user', content: 'hello' }] })).run);
    expect(await waitForRun(db, third.id, { timeoutMs: 15_000 })).toMatchObject({ status: 'succeeded' });

    // the worker counts a run's end just after its commit, which waitForRun may see first
    await expect.poll(async () => (await scrape()).count('agent_studio_run_duration_seconds'), { timeout: 5_000 }).toBe(3);
    const m = await scrape();
    expect(m.value('agent_studio_runs_started_total', { resumed: 'false' })).toBe(3);
    expect(m.value('agent_studio_runs_started_total', { resumed: 'true' })).toBe(0);
    expect(m.value('agent_studio_runs_finished_total', { status: 'succeeded' })).toBe(2);
    expect(m.value('agent_studio_runs_finished_total', { status: 'cancelled' })).toBe(1);
    expect(m.value('agent_studio_runs_cancelled_total')).toBe(1);
    expect(m.count('agent_studio_run_duration_seconds')).toBe(3);
    expect(m.count('agent_studio_run_pickup_latency_seconds')).toBe(3);
    expect(m.value('agent_studio_run_queue_depth')).toBe(0);
    // start, flaky#2 succeeded; flaky#1 retrying; the slow call cancelled; the condition
    expect(m.count('agent_studio_step_duration_seconds', { kind: 'function', outcome: 'succeeded' })).toBe(2);
    expect(m.count('agent_studio_step_duration_seconds', { kind: 'function', outcome: 'retrying' })).toBe(1);
    expect(m.count('agent_studio_step_duration_seconds', { kind: 'function', outcome: 'cancelled' })).toBe(1);
    expect(m.count('agent_studio_step_duration_seconds', { kind: 'condition', outcome: 'succeeded' })).toBe(1);
    expect(m.count('agent_studio_step_duration_seconds', { kind: 'agent', outcome: 'succeeded' })).toBe(1);
    expect(m.count('agent_studio_step_duration_seconds', { kind: 'model_call', outcome: 'succeeded' })).toBe(1);
    expect(m.value('agent_studio_step_retries_total', { kind: 'function' })).toBe(1);
    expect(m.value('agent_studio_model_calls_total', { provider })).toBe(1);
    expect(m.value('agent_studio_model_tokens_total', { provider, direction: 'input' })).toBe(7);
    expect(m.value('agent_studio_model_tokens_total', { provider, direction: 'output' })).toBe(5);
    // the pool figures are there and sane; no label holds an id
    expect(m.value('agent_studio_db_pool_max')).toBe(engine.config.poolMax);
    expect(m.count('agent_studio_db_pool_acquire_seconds')).toBeGreaterThan(0);
    const ids = [first.id, second.id, third.id, workflow.deploymentId, agentDeployment.id];
    for (const v of m.labelValues()) {
      expect(v).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(ids).not.toContain(v);
    }
  });
});
