/**
 * Agents in the run engine: a deployed agent and an agent node of a workflow against a scripted
 * OpenAI-compatible server on loopback (the real `openai` client talks to it), with tools, token
 * events, checkpointed model/tool calls, cancel of a hanging model request, and the provider key
 * never in a step, an event or the run.
 */
import type { EngineRuntimeDatabase } from '@agent-studio/db/engine';
import { select, withSession } from '@agent-studio/db/exec';
import { RunEvent, RunStep } from '@agent-studio/db/models';
import type { TestEngine } from '@agent-studio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtin, deployWorkflow, uniqueName } from '../../test/runtime-fixtures.js';
import { startAgentRuntime, type AgentRuntime } from '../../test/agent-runtime.js';
import type { ScriptedModelServer } from '../../test/scripted-model-server.js';
import { isValidationError } from '../errors/index.js';
import { AgentsService } from '../services/agents/agents-service.js';
import { DeploymentsService } from '../services/deployments/deployments-service.js';
import { FunctionsService } from '../services/functions/functions-service.js';
import { RunsService } from '../services/runs/runs-service.js';
import { waitForRun } from './watch-run.js';

const API_KEY = 'sk-test-provider-key-0123456789';
let rt: AgentRuntime;
let engine: TestEngine;
let db: EngineRuntimeDatabase;
let model: ScriptedModelServer;
let providerName: string;

beforeAll(async () => {
    rt = await startAgentRuntime({ provider: 'local', apiKey: API_KEY });
  ({ engine, db, model, providerName } = rt);
});
afterAll(() => rt?.close());

async function deployAgent(config: Record<string, number> = {}): Promise<{ deploymentId: string; agentId: string; tool: string }> {
  return withSession(engine, async (s) => {
    const agent = await AgentsService.createAgent(s, { name: uniqueName('agent'), model: `${providerName}/qwen2.5`, instructions: 'Be brief.', config });
    const fn = await FunctionsService.createFunction(s, { ...builtin('echo'), name: uniqueName('echo_tool'), parameters: { type: 'object', properties: { text: { type: 'string' } } } });
    await AgentsService.attachFunction(s, agent.id, { functionId: fn.id });
    const d = await DeploymentsService.createDeployment(s, { name: uniqueName('agent-dep'), agentId: agent.id });
    await DeploymentsService.deploy(s, d.id, { version: d.version });
    return { deploymentId: d.id, agentId: agent.id, tool: fn.name };
  });
}

describe('agents in the run engine', () => {
  it('a deployed agent: tool call → result → streamed answer, each call a step with its tokens, the key nowhere', async () => {
    const { deploymentId, tool } = await deployAgent();
    const before = model.requests.length;
    model.push(
      { kind: 'tool_calls', calls: [{ id: 'call_1', name: tool, arguments: { text: 'ping' } }], usage: { promptTokens: 10, completionTokens: 3 } },
      { kind: 'text', text: 'pong back', chunks: ['pong ', 'back'], usage: { promptTokens: 20, completionTokens: 2 } },
    );
    const run = await withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { messages: [{ role: 'user', content: 'say ping' }] })).run);
    const done = await waitForRun(db, run.id, { timeoutMs: 20_000 });
    expect(done, JSON.stringify(done)).toMatchObject({ status: 'succeeded', output: 'pong back' });
    const steps = await withSession(engine, (s) => s.exec(select(RunStep).where({ runId: run.id }).orderBy('startedAt')).all());
    expect(steps.map((st) => [st.stepKey, st.kind, st.status])).toEqual([
      ['agent', 'agent', 'succeeded'],
      ['agent/model#1', 'model_call', 'succeeded'],
      ['agent/tool#1:call_1', 'tool_call', 'succeeded'],
      ['agent/model#2', 'model_call', 'succeeded'],
    ]);
    expect(steps[1]).toMatchObject({ tokensIn: 10, tokensOut: 3 });
    const second = model.requests[before + 1]!.body.messages!;
    expect(second.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    const events = await withSession(engine, (s) => s.exec(select(RunEvent).where({ runId: run.id }).orderBy('id')).all());
    expect(events.filter((e) => e.type === 'token').map((e) => (e.data as { text: string }).text).join('')).toBe('pong back');
    // the tokens belong to the model call that streamed them, and come before its end
    const answerEvents = events.filter((e) => e.stepKey === 'agent/model#2').map((e) => e.type);
    expect(answerEvents[0]).toBe('step.started');
    expect(answerEvents.at(-1)).toBe('step.succeeded');
    expect(answerEvents.slice(1, -1).length).toBeGreaterThan(0);
    expect(new Set(answerEvents.slice(1, -1))).toEqual(new Set(['token']));
    expect(events.filter((e) => e.type === 'token').every((e) => e.stepKey === 'agent/model#2')).toBe(true);
    const everything = JSON.stringify({ steps, events, done });
    expect(everything).not.toContain(API_KEY);
  });

  it('a hanging model request is cancelled within a second; maxIterations ends the run failed with that reason', async () => {
    const { deploymentId } = await deployAgent();
    model.push({ kind: 'hang' });
    const run = await withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { input: 'wait forever' })).run);
    await expect.poll(() => model.hangs.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const hang = model.hangs.at(-1)!;
    const t0 = Date.now();
    await withSession(engine, (s) => RunsService.requestCancel(s, run.id));
    const closedAt = await hang.closed;
    expect(closedAt - t0).toBeLessThan(1_000);
    expect(await waitForRun(db, run.id, { timeoutMs: 10_000 })).toMatchObject({ status: 'cancelled' });

    const limited = await deployAgent({ maxIterations: 2 });
    model.push(
      { kind: 'tool_calls', calls: [{ id: 'a', name: limited.tool, arguments: {} }] },
      { kind: 'tool_calls', calls: [{ id: 'b', name: limited.tool, arguments: {} }] },
    );
    const looping = await withSession(engine, async (s) => (await RunsService.invoke(s, limited.deploymentId, { input: 'loop' })).run);
    expect(await waitForRun(db, looping.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'failed', reason: 'max_iterations' });
  });

  it("a model request goes through the outbound policy: a provider on an address it does not allow is never reached", async () => {
    // the tests' policy allows 127.0.0.1/32 only; 127.0.0.2 is loopback too, so refused. A literal
    // address is refused when a provider is saved, so this row is written as an older one could be.
    const name = uniqueName('blocked');
    const port = new URL(model.baseUrl).port;
    const deploymentId = await withSession(engine, async (s) => {
      await s.executeSql(`INSERT INTO model_providers (name, base_url) VALUES ($1, $2)`, [name, `http://127.0.0.2:${port}/v1`]);
      const agent = await AgentsService.createAgent(s, { name: uniqueName('blocked-agent'), model: `${name}/m` });
      const d = await DeploymentsService.createDeployment(s, { name: uniqueName('blocked-dep'), agentId: agent.id });
      await DeploymentsService.deploy(s, d.id, { version: d.version });
      return d.id;
    });
    const before = model.requests.length;
    const run = await withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { input: 'hi' })).run);
    const done = await waitForRun(db, run.id, { timeoutMs: 20_000 });
    expect(done).toMatchObject({ status: 'failed', reason: 'model_failed' });
    expect(done!.error).toMatch(/blocked|not allowed|refused/i);
    expect(model.requests.length).toBe(before);
  });

  it('refuses at invoke an agent whose model names no provider, naming it (422, nothing written)', async () => {
    const d = await withSession(engine, async (s) => {
      const agent = await AgentsService.createAgent(s, { name: uniqueName('plain'), model: 'gpt-4o-mini' });
      const dep = await DeploymentsService.createDeployment(s, { name: uniqueName('plain-dep'), agentId: agent.id });
      await DeploymentsService.deploy(s, dep.id, { version: dep.version });
      return dep;
    });
    const error = await withSession(engine, (s) => RunsService.invoke(s, d.id, { input: 'hi' })).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as { issues: { path: unknown[]; message: string }[] }).issues[0]).toMatchObject({ path: ['agentId'] });
    expect((error as { issues: { message: string }[] }).issues[0]!.message).toMatch(/needs a model provider/);
  });

  it('an agent node in a workflow feeds a condition with its JSON answer', async () => {
    const agentId = await withSession(engine, async (s) => (await AgentsService.createAgent(s, { name: uniqueName('triage'), model: `${providerName}/qwen2.5` })).id);
    const wf = await deployWorkflow(engine, {
      nodes: [
        { id: 'triage', agentId },
        { id: 'urgent', expression: 'nodes.triage.output.priority == "high"' },
        { id: 'escalate', fn: builtin('echo'), config: { input: { topic: '{{ nodes.triage.output.topic }}' } } },
        { id: 'normal', fn: builtin('noop') },
      ],
      edges: [
        { from: 'triage', to: 'urgent' },
        { from: 'urgent', to: 'escalate', condition: 'true' },
        { from: 'urgent', to: 'normal', condition: 'false' },
      ],
    });
    model.push({ kind: 'text', text: '{"priority": "high", "topic": "refund"}' });
    const run = await withSession(engine, async (s) => (await RunsService.invoke(s, wf.deploymentId, { input: 'my card was charged twice' })).run);
    expect(await waitForRun(db, run.id, { timeoutMs: 20_000 })).toMatchObject({ status: 'succeeded', output: { topic: 'refund' } });
  });
});
