/**
 * Tracing end to end: with the process's tracing set-up (`startTracing`, an in-memory exporter in
 * place of OTLP) registered, one invoke through the real API, run by a real worker in this
 * process, is one trace — the request's span, the `enqueue` span, the worker's `run` span and one
 * `step` span per node, in that order, plus a span per database statement — and the log lines of
 * the request and of the run carry its trace id. PostgreSQL (DATABASE_URL) and embedded alike.
 */
import { withSession } from '@agent-studio/db/exec';
import { AgentsService, DeploymentsService, ModelProvidersService, type RunDto } from '@agent-studio/sdk';
import { createRunWorker, waitForRun, type RunWorker } from '@agent-studio/sdk/runtime';
import { startScriptedModelServer, type ScriptedModelServer } from '@agent-studio/test-servers/scripted-model-server';
import { startTracing, type Tracing } from '@agent-studio/telemetry';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';
import { builtinFunctions, chain, deployWorkflow, type DeployedWorkflow } from '../../test/run-fixtures.js';
import { closeApp, createApp } from '../app/create-app.js';
import { captureLogs } from '../../test/log-capture.js';

const exporter = new InMemorySpanExporter();
const { logger, lines } = captureLogs();

let tracing: Tracing;
let ctx: ApiTestContext;
let app: Express;
let worker: RunWorker;
let twoSteps: DeployedWorkflow;
let failing: DeployedWorkflow;
let model: ScriptedModelServer;
let agentDeployment: { id: string; auth: { Authorization: string }; tool: string };

beforeAll(async () => {
  tracing = startTracing({ serviceName: 'agent-studio-test', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, exporter });
  expect(tracing.config.enabled).toBe(true);
  ctx = await createApiTestContext();
  app = createApp({ engine: ctx.engine, config: ctx.config, logger, runtime: ctx.runtime });
  worker = createRunWorker(ctx.runtime, { concurrency: 2, logger: logger.child({ component: 'run-worker' }) });
  await worker.start();
  twoSteps = await deployWorkflow(ctx, 'traced', (fn) => chain([fn.echo, fn.current_time]));
  failing = await deployWorkflow(ctx, 'traced-failing', (fn) => chain([fn.echo, { ref: fn.sleep, input: { ms: -1 } }]));
  model = await startScriptedModelServer([]);
  const { echo } = await builtinFunctions(ctx.engine);
  agentDeployment = await withSession(ctx.engine, async (s) => {
    await ModelProvidersService.createModelProvider(s, { name: 'traced-model', baseUrl: model.baseUrl, apiKey: 'sk-traced-provider-key' });
    const agent = await AgentsService.createAgent(s, { name: 'traced-agent', model: 'traced-model/qwen2.5', instructions: 'Be brief.' });
    await AgentsService.attachFunction(s, agent.id, { functionId: echo });
    const d = await DeploymentsService.createDeployment(s, { name: 'traced-agent', agentId: agent.id });
    await DeploymentsService.deploy(s, d.id, { version: d.version });
    const { apiKey } = await DeploymentsService.rotateApiKey(s, d.id);
    return { id: d.id, auth: { Authorization: `Bearer ${apiKey}` }, tool: 'fixture_echo' };
  });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await model?.close();
  if (app) await closeApp(app);
  await ctx?.close();
  await tracing?.shutdown();
});

const startMs = (s: ReadableSpan) => s.startTime[0] * 1e3 + s.startTime[1] / 1e6;
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

/** The run's spans once its `run` span has ended (it ends just after the run's terminal event). */
async function spansOfRun(runId: string): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const spans = exporter.getFinishedSpans();
    const run = spans.find((s) => s.name === 'run' && s.attributes['run.id'] === runId);
    if (run) return spans.filter((s) => s.spanContext().traceId === run.spanContext().traceId);
    if (Date.now() > deadline) throw new Error(`no ended run span for ${runId}: ${spans.map((s) => s.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('one invoke, one trace', () => {
  it('request → enqueue → run → each step, in order, with statement spans, and the same trace id in the log lines', async () => {
    exporter.reset();
    lines.length = 0;
    const res = await request(app).post(`/api/v1/deployments/${twoSteps.deploymentId}/runs`).set(twoSteps.auth).send({ input: { hello: 'trace' } });
    expect(res.status, res.text).toBe(202);
    const runId = (res.body as RunDto).id;
    const done = await waitForRun(ctx.runtime, runId, { timeoutMs: 20_000 });
    expect(done?.status).toBe('succeeded');

    const spans = await spansOfRun(runId);
    const named = (name: string) => spans.filter((s) => s.name === name);
    const [http] = named('POST /api/v1/deployments/:id/runs');
    expect(http, spans.map((s) => s.name).join(', ')).toBeDefined();
    const traceId = http!.spanContext().traceId;
    expect(http!.kind).toBe(SpanKind.SERVER);
    expect(http!.attributes).toMatchObject({ 'http.route': '/api/v1/deployments/:id/runs', 'http.response.status_code': 202 });
    expect(parentOf(http!)).toBeUndefined(); // the trace starts at the request

    const [enqueue] = named('enqueue');
    const [run] = named('run');
    const steps = spans.filter((s) => s.name.startsWith('step ')).sort((a, b) => startMs(a) - startMs(b));
    expect(enqueue?.attributes['run.id']).toBe(runId);
    expect(run?.attributes).toMatchObject({ 'run.id': runId, 'run.attempt': 1, 'run.status': 'succeeded' });
    expect(steps.map((s) => [s.name, s.attributes['step.kind'], s.attributes['step.attempt']])).toEqual([
      ['step n1', 'function', 1],
      ['step n2', 'function', 1],
    ]);
    // one chain of parents: request → enqueue → run (across the queue) → steps
    expect(parentOf(enqueue!)).toBe(http!.spanContext().spanId);
    expect(parentOf(run!)).toBe(enqueue!.spanContext().spanId);
    for (const step of steps) expect(parentOf(step)).toBe(run!.spanContext().spanId);
    const ordered = [http!, enqueue!, run!, ...steps];
    expect(ordered.map(startMs)).toEqual([...ordered.map(startMs)].sort((a, b) => a - b));
    for (const s of ordered) {
      expect(s.spanContext().traceId).toBe(traceId);
      expect(s.status.code).not.toBe(SpanStatusCode.ERROR);
    }

    // statements: in the request (the run's INSERT), under the enqueue (pg-boss's job INSERT) and in the steps
    const statements = spans.filter((s) => s.attributes['db.system'] === 'postgresql');
    const under = (parent: ReadableSpan) => statements.filter((s) => parentOf(s) === parent.spanContext().spanId).map((s) => s.name);
    expect(under(http!)).toContain('INSERT');
    expect(under(enqueue!)).toContain('INSERT');
    expect(under(enqueue!)).toContain('SELECT'); // pg_notify
    expect(statements.filter((s) => steps.some((step) => parentOf(s) === step.spanContext().spanId)).length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.attributes['db.operation.name']).toBe(s.name);
      // the operation only: no statement text, no parameter values
      expect(Object.keys(s.attributes).sort()).toEqual(['db.operation.name', 'db.system', 'db.system.name']);
    }

    // the log lines: the access log of the invoke and the worker's lines about this run
    const access = lines.find((l) => l.msg === 'request completed' && (l.req as { method?: string } | undefined)?.method === 'POST');
    expect(access).toMatchObject({ trace_id: traceId, span_id: http!.spanContext().spanId });
    const ofRun = lines.filter((l) => l.runId === runId);
    expect(ofRun.map((l) => l.msg)).toEqual(expect.arrayContaining(['run started', 'run finished']));
    for (const l of ofRun) expect(l.trace_id).toBe(traceId);
  });

  it("an agent's model calls and tool call are spans under its step, with the model, the tool and the tokens", async () => {
    exporter.reset();
    model.push(
      { kind: 'tool_calls', calls: [{ id: 'call_1', name: agentDeployment.tool, arguments: { text: 'ping' } }], usage: { promptTokens: 10, completionTokens: 3 } },
      { kind: 'text', text: 'pong', usage: { promptTokens: 20, completionTokens: 2 } },
    );
    const res = await request(app).post(`/api/v1/deployments/${agentDeployment.id}/runs`).set(agentDeployment.auth).send({ input: 'say ping' });
    expect(res.status, res.text).toBe(202);
    const runId = (res.body as RunDto).id;
    expect((await waitForRun(ctx.runtime, runId, { timeoutMs: 20_000 }))?.status).toBe('succeeded');
    const spans = await spansOfRun(runId);
    const [step] = spans.filter((s) => s.name === 'step agent');
    expect(step, spans.map((s) => s.name).join(', ')).toBeDefined();
    const calls = spans.filter((s) => s.attributes['gen_ai.operation.name']).sort((a, b) => startMs(a) - startMs(b));
    expect(calls.map((s) => [s.name, s.attributes['step.key']])).toEqual([
      ['chat traced-model/qwen2.5', 'agent/model#1'],
      [`execute_tool ${agentDeployment.tool}`, 'agent/tool#1:call_1'],
      ['chat traced-model/qwen2.5', 'agent/model#2'],
    ]);
    for (const call of calls) {
      expect(parentOf(call)).toBe(step!.spanContext().spanId);
      expect(call.status.code).not.toBe(SpanStatusCode.ERROR);
    }
    expect(calls[0]!.attributes).toMatchObject({
      'gen_ai.provider.name': 'traced-model', 'gen_ai.request.model': 'traced-model/qwen2.5',
      'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 3, 'gen_ai.response.finish_reasons': ['tool_calls'],
    });
    expect(calls[1]!.attributes).toMatchObject({ 'gen_ai.tool.name': agentDeployment.tool, 'step.kind': 'tool_call' });
    expect(calls[2]!.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 20, 'gen_ai.usage.output_tokens': 2 });
    // the provider's key is in no span
    expect(JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]))).not.toContain('sk-traced-provider-key');
  });

  it('a failed step and its run are ERROR spans, the step with the exception recorded', async () => {
    exporter.reset();
    const res = await request(app).post(`/api/v1/deployments/${failing.deploymentId}/runs`).set(failing.auth).send({ input: {} });
    expect(res.status, res.text).toBe(202);
    const runId = (res.body as RunDto).id;
    expect((await waitForRun(ctx.runtime, runId, { timeoutMs: 20_000 }))?.status).toBe('failed');
    const spans = await spansOfRun(runId);
    const run = spans.find((s) => s.name === 'run')!;
    const n1 = spans.find((s) => s.name === 'step n1')!;
    const n2 = spans.find((s) => s.name === 'step n2')!;
    expect(run.status.code).toBe(SpanStatusCode.ERROR);
    expect(run.attributes['run.status']).toBe('failed');
    expect(n1.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(n2.status.code).toBe(SpanStatusCode.ERROR);
    expect(n2.attributes['step.outcome']).toBe('failed');
    expect(n2.events.find((e) => e.name === 'exception')?.attributes?.['exception.message']).toMatch(/non-negative/);
    expect(spans.some((s) => s.name.startsWith('POST '))).toBe(true); // still the invoke's trace
  });

  it('a request that carries a traceparent continues the caller\'s trace', async () => {
    exporter.reset();
    const caller = '0af7651916cd43dd8448eb211c80319c';
    const res = await request(app).get('/api/v1/agents').set(ctx.auth).set('traceparent', `00-${caller}-b7ad6b7169203331-01`);
    expect(res.status).toBeLessThan(500);
    await tracing.forceFlush();
    const http = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
    expect(http?.name).toBe('GET /api/v1/agents');
    expect(http?.spanContext().traceId).toBe(caller);
    expect(parentOf(http!)).toBe('b7ad6b7169203331');
  });

  it('a route no one serves is named by its method only (never the raw path)', async () => {
    exporter.reset();
    const res = await request(app).get('/api/v1/no-such-thing/12345').set(ctx.auth);
    expect(res.status).toBe(404);
    const http = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
    expect(http?.name).toBe('GET');
    expect(JSON.stringify(http?.attributes)).not.toContain('12345');
  });
});
