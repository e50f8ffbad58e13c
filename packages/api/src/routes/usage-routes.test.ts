/**
 * `GET /api/v1/usage` over a real database: exact sums of model-call tokens per deployment and
 * day, the query validated (422 naming the parameter), admin keys only (a read key is a 403).
 */
import { withSession } from '@agent-studio/db/exec';
import { AgentsService, DeploymentsService, RunsService } from '@agent-studio/sdk';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedClient, createApiTestContext, createKey, expectProblem, operationCoverage, type ApiTestContext } from '../../test/api-test-context.js';

let ctx: ApiTestContext;
let cov: ReturnType<typeof operationCoverage>;
let deploymentId: string;
const { get } = authedClient(() => ctx);

beforeAll(async () => {
  ctx = await createApiTestContext();
  cov = operationCoverage(ctx.engine, 'usage');
  deploymentId = await withSession(ctx.engine, async (s) => {
    const agent = await AgentsService.createAgent(s, { name: 'usage-agent', model: 'p/m' });
    const d = await DeploymentsService.createDeployment(s, { name: 'usage-dep', agentId: agent.id });
    for (const [at, tin, tout] of [['2026-05-01T09:00:00Z', 11, 2], ['2026-05-01T18:00:00Z', 4, 1], ['2026-05-02T01:00:00Z', 100, 50]] as const) {
      const run = await RunsService.recordRun(s, { deploymentId: d.id, status: 'succeeded' });
      await s.executeSql(
        `INSERT INTO run_steps (run_id, node_id, step_key, kind, status, attempt, tokens_in, tokens_out, agent_id, started_at)
         VALUES ($1, 'agent', 'agent/model#1', 'model_call', 'succeeded', 1, $2, $3, $4, $5)`,
        [run.id, tin, tout, agent.id, at],
      );
    }
    return d.id;
  });
});
afterAll(() => ctx?.close());

describe('GET /usage', () => {
  it('sums tokens per deployment and day, exactly', async () => {
    const report = cov.ok<{ data: unknown[]; totals: unknown; groupBy: string[] }>(
      await get('/usage?from=2026-05-01T00:00:00Z&to=2026-05-03T00:00:00Z&groupBy=deployment,day'),
      200,
    );
    expect(report.groupBy).toEqual(['deployment', 'day']);
    expect(report.data).toEqual([
      { deploymentId, day: '2026-05-01', inputTokens: 15, outputTokens: 3, totalTokens: 18, modelCalls: 2, runs: 2 },
      { deploymentId, day: '2026-05-02', inputTokens: 100, outputTokens: 50, totalTokens: 150, modelCalls: 1, runs: 1 },
    ]);
    expect(report.totals).toEqual({ inputTokens: 115, outputTokens: 53, totalTokens: 168, modelCalls: 3, runs: 3 });
  });

  it('validates the query: a reversed window, an unknown group, an unknown parameter', async () => {
    expect(expectProblem(await get('/usage?from=2026-05-03T00:00:00Z&to=2026-05-01T00:00:00Z'), 422).errors?.[0]?.path).toBe('query.from');
    expect(expectProblem(await get('/usage?groupBy=week'), 422).errors?.[0]?.path).toBe('query.groupBy');
    expectProblem(await get('/usage?page=2'), 422);
  });

  it('is for admin keys only', async () => {
    const { key } = await createKey(ctx.engine, 'usage-reader', 'read');
    expectProblem(await request(ctx.app).get('/api/v1/usage').set({ Authorization: `Bearer ${key}` }), 403);
  });

  it('covers every usage operation', () => {
    expect(cov.missing()).toEqual([]);
  });
});
