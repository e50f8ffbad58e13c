/**
 * The pictures, server-side: a 3-step run with one retry (a real worker, a loopback HTTP server
 * that answers 503 once) as a waterfall, and a 20-node workflow with both condition branches
 * drawn by Graphviz (WebAssembly) — checked on the SVG's content.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withSession } from '@agent-studio/db/exec';
import { FunctionsService, WorkflowsService } from '@agent-studio/sdk';
import { createRunWorker, type RunWorker } from '@agent-studio/sdk/runtime';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';
import { deployWorkflow } from '../../test/run-fixtures.js';
import { branchingWorkflow } from '../../test/svg-fixtures.js';
import { renderRunTimeline } from '../svg/run-timeline-svg.js';

let ctx: ApiTestContext;
let worker: RunWorker;
let server: Server;
let flakyUrl: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  ctx = await createApiTestContext();
  worker = createRunWorker(ctx.runtime, { concurrency: 2 });
  await worker.start();
  server = createServer((req, res) => {
    const key = String(req.headers['idempotency-key']);
    hits.set(key, (hits.get(key) ?? 0) + 1);
    if (hits.get(key) === 1) return void res.writeHead(503).end('busy');
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  flakyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/flaky`;
});
afterAll(async () => {
  await worker?.stop();
  server?.closeAllConnections();
  server?.close();
  await ctx?.close();
});

const rects = (svg: string) => [...svg.matchAll(/<rect class="step ([^"]+)" data-step="([^"]+)" data-attempt="(\d+)"/g)].map((m) => ({ classes: m[1]!.split(' '), step: m[2], attempt: Number(m[3]) }));

describe('GET /runs/:id/timeline.svg', () => {
  it('draws a 3-step run with one retry: one bar per attempt, the retried one amber, the critical path outlined', async () => {
    const flaky = await withSession(ctx.engine, (s) =>
      FunctionsService.createFunction(s, { kind: 'http', name: 'svg_flaky', config: { url: flakyUrl, method: 'POST' } }),
    );
    const d = await deployWorkflow(ctx, 'svg-run', (fn) => ({
      startNodeId: 'fetch',
      nodes: [
        { id: 'fetch', type: 'function', ref: fn.echo },
        { id: 'call', type: 'function', ref: flaky.id, config: { retry: { count: 2, baseMs: 10, maxMs: 20 } } },
        { id: 'stamp', type: 'function', ref: fn.current_time },
      ],
      edges: [{ from: 'fetch', to: 'call' }, { from: 'call', to: 'stamp' }],
    }));
    const invoked = await request(ctx.app).post(`/api/v1/deployments/${d.deploymentId}/runs`).set(d.auth).set('Prefer', 'wait=20').send({ input: {} });
    expect(invoked.status, invoked.text).toBe(200);
    const runId = (invoked.body as { id: string; status: string }).id;
    const res = await request(ctx.app).get(`/api/v1/runs/${runId}/timeline.svg`).set(ctx.auth).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += String(c)));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.body as string;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(rects(svg)).toEqual([
      { classes: ['succeeded', 'critical'], step: 'fetch', attempt: 1 },
      { classes: ['retried', 'critical'], step: 'call', attempt: 1 },
      { classes: ['succeeded', 'critical'], step: 'call', attempt: 2 },
      { classes: ['succeeded', 'critical'], step: 'stamp', attempt: 1 },
    ]);
    expect(svg).toContain('>call (function) ×2</text>');
    expect(svg).toContain('fill="#e0a030"'); // the retried attempt's colour
    expect(svg).toContain(`Run ${runId} — succeeded`);
    expect((await request(ctx.app).get('/api/v1/runs/00000000-0000-4000-8000-000000000000/timeline.svg').set(ctx.auth)).status).toBe(404);
  });

  it('marks only the chain that decided the end as critical, and escapes step keys', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
    const svg = renderRunTimeline(
      { id: 'r', status: 'failed', createdAt: at(0), startedAt: at(0), finishedAt: at(100) },
      [
        { stepKey: 'a', nodeId: 'a', kind: 'function', status: 'succeeded', attempt: 1, startedAt: at(0), finishedAt: at(10) },
        { stepKey: 'fast', nodeId: 'fast', kind: 'function', status: 'succeeded', attempt: 1, startedAt: at(10), finishedAt: at(20) },
        { stepKey: '<slow&>', nodeId: 'x', kind: 'function', status: 'failed', attempt: 1, startedAt: at(10), finishedAt: at(90) },
      ],
    );
    expect(rects(svg).map((r) => [r.step, r.classes])).toEqual([
      ['a', ['succeeded', 'critical']],
      ['fast', ['succeeded']],
      ['&lt;slow&amp;&gt;', ['failed', 'critical']],
    ]);
    expect(svg).not.toContain('<slow&>');
  });
});

describe('GET /workflows/:id/graph.svg', () => {
  it('draws a 20-node workflow with both condition branches through Graphviz', async () => {
    const fnId = await withSession(ctx.engine, async (s) => (await FunctionsService.createFunction(s, { kind: 'builtin', name: 'svg_echo', config: { name: 'echo' } })).id);
    const definition = branchingWorkflow(fnId);
    const workflow = await withSession(ctx.engine, (s) => WorkflowsService.createWorkflow(s, { name: 'svg-graph', definition }));
    const res = await request(ctx.app).get(`/api/v1/workflows/${workflow.id}/graph.svg`).set(ctx.auth).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += String(c)));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.body as string;
    expect(svg).toContain('<svg');
    expect(svg.match(/<g id="node\d+" class="node[^"]*"/g)).toHaveLength(20);
    expect(svg.match(/class="node kind_condition"/g)).toHaveLength(1);
    expect(svg.match(/class="edge[^"]*"/g)).toHaveLength(19);
    expect(svg).toMatch(/class="edge branch_true"/);
    expect(svg).toMatch(/class="edge branch_false"/);
    expect(svg).toMatch(/>true<\/text>/);
    expect(svg).toMatch(/>false<\/text>/);
    expect(svg).toContain('<polygon'); // the diamond
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
