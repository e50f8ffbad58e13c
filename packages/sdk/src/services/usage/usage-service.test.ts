/**
 * Usage sums on a real database: model-call steps with known tokens on known days, summed per
 * agent / deployment / day (exact sums), validation of the query, and one real deployed-agent
 * run (scripted model server, real worker) whose reported tokens come back for its agent.
 */
import { createRuntimeDatabase } from '@agent-studio/db/engine';
import { withSession, type ExecSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../../../test/runtime-fixtures.js';
import { startScriptedModelServer } from '../../../test/scripted-model-server.js';
import { isValidationError } from '../../errors/index.js';
import { createRunWorker } from '../../runtime/run-worker.js';
import { waitForRun } from '../../runtime/watch-run.js';
import { AgentsService } from '../agents/agents-service.js';
import { DeploymentsService } from '../deployments/deployments-service.js';
import { ModelProvidersService } from '../model-providers/model-providers-service.js';
import { RunsService } from '../runs/runs-service.js';
import { UsageService } from './usage-service.js';

let engine: TestEngine;
let a: { agentId: string; deploymentId: string };
let b: { agentId: string; deploymentId: string };
const window = { from: '2026-03-01T00:00:00Z', to: '2026-03-04T00:00:00Z' };

async function deployed(s: ExecSession): Promise<{ agentId: string; deploymentId: string }> {
  const agent = await AgentsService.createAgent(s, { name: uniqueName('usage'), model: 'p/m' });
  const d = await DeploymentsService.createDeployment(s, { name: uniqueName('usage-dep'), agentId: agent.id });
  return { agentId: agent.id, deploymentId: d.id };
}

/** A finished run of `target` with model-call steps [startedAt, tokens in, tokens out]. */
async function runWithSteps(s: ExecSession, target: { agentId: string; deploymentId: string }, steps: [string, number, number][]): Promise<void> {
  const run = await RunsService.recordRun(s, { deploymentId: target.deploymentId, status: 'succeeded' });
  for (const [i, [at, tin, tout]] of steps.entries()) {
    await s.executeSql(
      `INSERT INTO run_steps (run_id, node_id, step_key, kind, status, attempt, tokens_in, tokens_out, agent_id, started_at)
       VALUES ($1, 'agent', $2, 'model_call', 'succeeded', 1, $3, $4, $5, $6)`,
      [run.id, `agent/model#${i + 1}`, tin, tout, target.agentId, at],
    );
  }
  // a tool step (no tokens) never counts
  await s.executeSql(`INSERT INTO run_steps (run_id, node_id, step_key, kind, status, attempt, started_at) VALUES ($1, 'agent', 'agent/tool#1:x', 'tool_call', 'succeeded', 1, $2)`, [run.id, steps[0]![0]]);
}

beforeAll(async () => {
  engine = await createTestEngine();
  await withSession(engine, async (s) => {
    a = await deployed(s);
    b = await deployed(s);
    await runWithSteps(s, a, [['2026-03-01T10:00:00Z', 100, 10], ['2026-03-01T23:59:59Z', 50, 5]]);
    await runWithSteps(s, a, [['2026-03-02T00:00:00Z', 7, 3]]);
    await runWithSteps(s, b, [['2026-03-02T12:00:00Z', 1_000, 200], ['2026-03-03T08:00:00Z', 30, 1]]);
    await runWithSteps(s, b, [['2026-03-04T00:00:00Z', 9_999, 9_999]]); // outside [from, to)
  });
});
afterAll(async () => {
  await engine.close();
});

const usage = (query: Parameters<typeof UsageService.getUsage>[1]) => withSession(engine, (s) => UsageService.getUsage(s, query));

describe('UsageService.getUsage', () => {
  it('sums per day (UTC), exactly, within [from, to)', async () => {
    const report = await usage({ ...window, groupBy: 'day' });
    expect(report.groupBy).toEqual(['day']);
    expect(report.data).toEqual([
      { day: '2026-03-01', inputTokens: 150, outputTokens: 15, totalTokens: 165, modelCalls: 2, runs: 1 },
      { day: '2026-03-02', inputTokens: 1_007, outputTokens: 203, totalTokens: 1_210, modelCalls: 2, runs: 2 },
      { day: '2026-03-03', inputTokens: 30, outputTokens: 1, totalTokens: 31, modelCalls: 1, runs: 1 },
    ]);
    expect(report.totals).toEqual({ inputTokens: 1_187, outputTokens: 219, totalTokens: 1_406, modelCalls: 5, runs: 3 });
  });

  it('sums per agent, per deployment and per deployment and day; filters by agent', async () => {
    const byAgent = await usage({ ...window, groupBy: 'agent' });
    const sorted = [a, b].sort((x, y) => x.agentId.localeCompare(y.agentId));
    expect(byAgent.data.map((r) => [r.agentId, r.totalTokens, r.runs])).toEqual(
      sorted.map((t) => [t.agentId, t === a ? 175 : 1_231, t === a ? 2 : 1]),
    );
    const byDeploymentDay = await usage({ ...window, groupBy: ['deployment', 'day'] });
    expect(byDeploymentDay.data.filter((r) => r.deploymentId === b.deploymentId)).toEqual([
      { deploymentId: b.deploymentId, day: '2026-03-02', inputTokens: 1_000, outputTokens: 200, totalTokens: 1_200, modelCalls: 1, runs: 1 },
      { deploymentId: b.deploymentId, day: '2026-03-03', inputTokens: 30, outputTokens: 1, totalTokens: 31, modelCalls: 1, runs: 1 },
    ]);
    const onlyA = await usage({ ...window, groupBy: 'deployment', agentId: a.agentId });
    expect(onlyA.data).toEqual([{ deploymentId: a.deploymentId, inputTokens: 157, outputTokens: 18, totalTokens: 175, modelCalls: 3, runs: 2 }]);
    expect((await usage({ ...window, groupBy: '' })).data).toEqual([]);
  });

  it('validates the query', async () => {
    const cases: [Parameters<typeof UsageService.getUsage>[1], string][] = [
      [{ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' }, 'from'],
      [{ from: '2024-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'from'],
      [{ from: 'yesterday' }, 'from'],
      [{ groupBy: 'agent,week' }, 'groupBy'],
      [{ agentId: 'nope' }, 'agentId'],
      [{ ...window, limit: 3 } as never, ''],
    ];
    for (const [query, path] of cases) {
      const error = await usage(query).catch((e: unknown) => e);
      expect(isValidationError(error), JSON.stringify(query)).toBe(true);
      expect(isValidationError(error) && error.issues[0]!.path.join('.')).toBe(path);
    }
  });

  it("a real deployed agent's model calls are counted for its agent and deployment", async () => {
    const model = await startScriptedModelServer([
      { kind: 'text', text: 'hello', usage: { promptTokens: 42, completionTokens: 8 } },
    ]);
    const db = createRuntimeDatabase(engine);
    const worker = createRunWorker(db, { concurrency: 1 });
    try {
      await worker.start();
      const target = await withSession(engine, async (s) => {
        const provider = uniqueName('usagep');
        await ModelProvidersService.createModelProvider(s, { name: provider, baseUrl: model.baseUrl, apiKey: 'sk-usage' });
        const agent = await AgentsService.createAgent(s, { name: uniqueName('real'), model: `${provider}/m` });
        const d = await DeploymentsService.createDeployment(s, { name: uniqueName('real-dep'), agentId: agent.id });
        await DeploymentsService.deploy(s, d.id, { version: d.version });
        return { agentId: agent.id, deploymentId: d.id };
      });
      const run = await withSession(engine, async (s) => (await RunsService.invoke(s, target.deploymentId, { input: 'hi' })).run);
      expect(await waitForRun(db, run.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'succeeded' });
      const report = await usage({ groupBy: 'agent', deploymentId: target.deploymentId });
      expect(report.data).toEqual([{ agentId: target.agentId, inputTokens: 42, outputTokens: 8, totalTokens: 50, modelCalls: 1, runs: 1 }]);
    } finally {
      await worker.stop();
      await db.close();
      await model.close();
    }
  });
});
