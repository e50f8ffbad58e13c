/**
 * Must show: a hybrid workflow (http function → builtin → condition → MCP tool → http function)
 * runs end to end through the API against real loopback HTTP and MCP servers, executed by a
 * real run worker in this process; every step's input and output are right, and the two runs
 * take the two branches of the condition. Runs on PostgreSQL and on the embedded database.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunDto, RunStepDto } from '@agent-studio/sdk';
import { createRunWorker, type RunWorker } from '@agent-studio/sdk/runtime';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStreamableHttpServer, type LoopbackServer } from '@agent-studio/test-servers';
import { createApiTestContext, type ApiTestContext, type Page } from './api-test-context.js';

const API = '/api/v1';
let ctx: ApiTestContext;
let worker: RunWorker;
let mcp: LoopbackServer;
let http: Server;
let httpBase: string;
const calls: { path: string; body: unknown; headers: IncomingHttpHeaders }[] = [];
let deploymentKey: string;
let deploymentId: string;

/** The loopback "triage" and "respond" services the http functions call. */
function startServices(): Promise<void> {
  http = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const body = (text ? JSON.parse(text) : null) as { question?: string } | null;
      calls.push({ path: req.url ?? '', body, headers: req.headers });
      const answer =
        req.url === '/triage'
          ? { priority: /urgent/i.test(body?.question ?? '') ? 'high' : 'normal', topic: (body?.question ?? '').split(' ').at(-1) }
          : { answered: body };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  http.listen(0, '127.0.0.1');
  return new Promise((resolve) =>
    http.once('listening', () => {
      httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

async function created<T>(path: string, body: object): Promise<T> {
  const res = await request(ctx.app).post(`${API}${path}`).set(ctx.auth).send(body);
  expect(res.status, res.text).toBeLessThan(300);
  return res.body as T;
}

beforeAll(async () => {
  ctx = await createApiTestContext();
  mcp = await startStreamableHttpServer({ name: 'hybrid-mcp', runnerTools: true });
  await startServices();
  worker = createRunWorker(ctx.runtime, { concurrency: 2 });
  await worker.start();

  type Row = { id: string; version: number };
  const server = await created<Row>('/mcp-servers', { name: 'hybrid-mcp', transport: 'streamable_http', url: mcp.url });
  const triage = await created<Row>('/functions', { kind: 'http', name: 'hybrid_triage', config: { url: `${httpBase}/triage`, method: 'POST' } });
  const clock = await created<Row>('/functions', { kind: 'builtin', name: 'hybrid_clock', config: { name: 'current_time' } });
  const search = await created<Row>('/functions', { kind: 'mcp_tool', name: 'hybrid_search', mcpServerId: server.id, mcpToolName: 'echo_args' });
  const respond = await created<Row>('/functions', { kind: 'http', name: 'hybrid_respond', config: { url: `${httpBase}/respond`, method: 'POST' } });
  const draft = await created<Row>('/workflows', {
    name: 'hybrid',
    definition: {
      startNodeId: 'triage',
      inputSchema: { type: 'object', required: ['question'], properties: { question: { type: 'string' } } },
      nodes: [
        { id: 'triage', type: 'function', name: 'Triage', ref: triage.id, config: { input: { question: '{{ input.question }}' } } },
        { id: 'clock', type: 'function', name: 'Clock', ref: clock.id },
        { id: 'urgent', type: 'condition', name: 'Urgent?', config: { expression: 'nodes.triage.output.priority == "high"' } },
        { id: 'search', type: 'function', name: 'Search', ref: search.id, config: { input: { query: '{{ nodes.triage.output.topic }}' } } },
        {
          id: 'respond',
          type: 'function',
          name: 'Respond',
          ref: respond.id,
          config: { input: { question: '{{ input.question }}', priority: '{{ nodes.triage.output.priority }}' } },
        },
      ],
      edges: [
        { from: 'triage', to: 'clock' },
        { from: 'clock', to: 'urgent' },
        { from: 'urgent', to: 'search', condition: 'true' },
        { from: 'urgent', to: 'respond', condition: 'false' },
        { from: 'search', to: 'respond' },
      ],
    },
  });
  await created(`/workflows/${draft.id}/publish`, { version: draft.version });
  const deployment = await created<Row>('/deployments', { name: 'hybrid', workflowId: draft.id });
  await created(`/deployments/${deployment.id}/deploy`, { version: deployment.version });
  deploymentKey = (await created<{ apiKey: string }>(`/deployments/${deployment.id}/rotate-key`, {})).apiKey;
  deploymentId = deployment.id;
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await mcp?.close();
  http?.closeAllConnections();
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await ctx?.close();
});

async function runToEnd(question: string): Promise<{ run: RunDto; steps: Map<string, RunStepDto> }> {
  const res = await request(ctx.app)
    .post(`${API}/deployments/${deploymentId}/runs`)
    .set('Authorization', `Bearer ${deploymentKey}`)
    .set('Prefer', 'wait=30')
    .send({ input: { question } });
  expect(res.status, res.text).toBe(200);
  const run = res.body as RunDto;
  const page = (await request(ctx.app).get(`${API}/runs/${run.id}/steps`).set(ctx.auth)).body as Page<RunStepDto>;
  return { run, steps: new Map(page.data.map((s) => [s.nodeId, s])) };
}

describe('the hybrid workflow through the API', () => {
  it('the true branch: triage (http) → clock → urgent? → search (MCP tool) → respond (http)', async () => {
    calls.length = 0;
    const { run, steps } = await runToEnd('urgent: the server is down');
    expect(run.status).toBe('succeeded');
    expect([...steps.keys()].sort()).toEqual(['clock', 'respond', 'search', 'triage', 'urgent']);
    for (const step of steps.values()) expect(step.status).toBe('succeeded');
    expect(steps.get('triage')).toMatchObject({ input: { question: 'urgent: the server is down' }, output: { priority: 'high', topic: 'down' } });
    expect(steps.get('clock')!.output).toMatchObject({ iso: expect.any(String), epochMs: expect.any(Number) });
    expect(steps.get('search')).toMatchObject({ input: { query: 'down' } });
    expect(JSON.stringify(steps.get('search')!.output)).toContain('"query":"down"');
    expect(steps.get('respond')).toMatchObject({
      input: { question: 'urgent: the server is down', priority: 'high' },
      output: { answered: { question: 'urgent: the server is down', priority: 'high' } },
    });
    // the loopback services saw one call each, with the step's idempotency key
    expect(calls.map((c) => c.path)).toEqual(['/triage', '/respond']);
    expect(calls[0]!.headers['idempotency-key']).toContain(run.id);
  });

  it('the false branch: the condition skips the MCP tool', async () => {
    calls.length = 0;
    const { run, steps } = await runToEnd('how do I reset my password');
    expect(run.status).toBe('succeeded');
    expect(steps.has('search')).toBe(false);
    expect(steps.get('triage')!.output).toEqual({ priority: 'normal', topic: 'password' });
    expect(steps.get('respond')).toMatchObject({
      input: { question: 'how do I reset my password', priority: 'normal' },
      output: { answered: { question: 'how do I reset my password', priority: 'normal' } },
    });
    expect(calls.map((c) => c.path)).toEqual(['/triage', '/respond']);
  });
});
