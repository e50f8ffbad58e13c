/**
 * The agent loop's overhead **through the engine**: `runAgentNode` — the engine's host, every
 * model call and tool call a `run_steps` checkpoint (start + finish statements, fenced by the
 * run's lease) in PostgreSQL, token events appended, the builtin executor, the outbound policy's
 * fetch — against the scripted model server answering instantly, vs the `openai` client called
 * directly for the same calls, in the same run, interleaved round by round. Prints p50 / p90 of
 * the per-round overhead and the ratio engine / direct:
 * - per model call: a text answer (1 model call), engine − direct;
 * - per tool call: a tool call + answer (2 model calls, 1 function call), engine − direct, minus
 *   two model-call overheads.
 * (Queueing a run, claiming it and ending it are per run, not per call: see runs-bench.)
 *
 * `pnpm bench` runs it after the other sdk benches (ROUNDS=200 by default).
 *
 * @module
 */
import { createRuntimeDatabase } from '@agent-studio/db/engine';
import { withSession } from '@agent-studio/db/exec';
import { Agent, StudioFunction, type JsonValue } from '@agent-studio/db/models';
import { createTestEngine } from '@agent-studio/db/testing';
import OpenAI from 'openai';
import { AgentsService } from '../src/services/agents/agents-service.js';
import { DeploymentsService } from '../src/services/deployments/deployments-service.js';
import { FunctionsService } from '../src/services/functions/functions-service.js';
import { ModelProvidersService } from '../src/services/model-providers/model-providers-service.js';
import { RunsService } from '../src/services/runs/runs-service.js';
import { runAgentNode, type LoadedAgent } from '../src/runtime/agent-node.js';
import { claimRun } from '../src/runtime/run-checkpoints.js';
import { builtin } from '../test/runtime-fixtures.js';
import { startScriptedModelServer, type ScriptedTurn } from '../test/scripted-model-server.js';

const ROUNDS = Number(process.env.ROUNDS ?? 200);
const WARMUP = 30;
const text: ScriptedTurn = { kind: 'text', text: 'ok', chunks: ['o', 'k'], usage: { promptTokens: 5, completionTokens: 1 } };
const toolTurn = (name: string): ScriptedTurn => ({ kind: 'tool_calls', calls: [{ id: 'call_1', name, arguments: { text: 'hi' } }] });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function main(): Promise<void> {
  // the scripted server is on loopback: let the outbound policy reach it (read on first use)
  process.env.OUTBOUND_ALLOW ??= '127.0.0.1/32';
  const engine = await createTestEngine();
  const db = createRuntimeDatabase(engine);
  const server = await startScriptedModelServer();
  const { agentId, deploymentId, fn } = await withSession(engine, async (s) => {
    await ModelProvidersService.createModelProvider(s, { name: 'bench', baseUrl: server.baseUrl, apiKey: 'bench-key' });
    const agent = await AgentsService.createAgent(s, { name: 'bench-agent', model: 'bench/m', instructions: 'Be brief.', temperature: 0 });
    const f = await FunctionsService.createFunction(s, { ...builtin('echo'), name: 'echo_tool', parameters: { type: 'object', properties: { text: { type: 'string' } } } });
    await AgentsService.attachFunction(s, agent.id, { functionId: f.id });
    const d = await DeploymentsService.createDeployment(s, { name: 'bench-dep', agentId: agent.id });
    await DeploymentsService.deploy(s, d.id, { version: d.version });
    return { agentId: agent.id, deploymentId: d.id, fn: f };
  });
  // one run, claimed by this "worker", hosts every round's agent node (a node id per round)
  const run = await withSession(engine, async (s) => (await RunsService.invoke(s, deploymentId, { input: 'bench' })).run);
  const workerId = 'bench-worker';
  const claimed = await claimRun(db, run.id, { workerId, leaseMs: 3_600_000, jobId: run.id });
  if (!claimed) throw new Error('could not claim the bench run');
  const loaded = await withSession(engine, async (s) => {
    const agent = (await s.get(Agent, agentId))!;
    const { provider } = await ModelProvidersService.resolveModel(s, agent.model);
    const functions = (await s.executeSql<{ id: string }>('SELECT function_id AS id FROM agent_functions WHERE agent_id = $1', [agentId])).rows;
    const rows: StudioFunction[] = [];
    for (const { id } of functions) rows.push((await s.get(StudioFunction, id))!);
    return { agent, provider, rows };
  });
  const withTools: LoadedAgent = { agent: loaded.agent, provider: loaded.provider, functions: loaded.rows, servers: new Map() };
  const noTools: LoadedAgent = { ...withTools, functions: [] };

  const signal = new AbortController().signal;
  let node = 0;
  const viaEngine = (agent: LoadedAgent) =>
    runAgentNode(
      { db, runId: run.id, workerId, nodeId: `n${(node += 1)}`, signal, deps: {}, checkpoints: new Map(), attempts: new Map(), toolTimeoutMs: 10_000 },
      agent,
      'hi',
    );

  const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'bench-key', maxRetries: 0, logLevel: 'off' });
  const tools = [{ type: 'function' as const, function: { name: fn.name, description: fn.name, parameters: fn.parameters } }];
  /** One streamed call with the raw client, consumed like the loop consumes it. */
  async function direct(messages: OpenAI.Chat.ChatCompletionMessageParam[], useTools: boolean): Promise<string> {
    const stream = await client.chat.completions.create({
      model: 'm', messages, ...(useTools ? { tools } : {}), stream: true, stream_options: { include_usage: true }, temperature: 0,
    });
    let args = '';
    for await (const chunk of stream) for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) args += call.function?.arguments ?? '';
    return args;
  }
  const timed = async (f: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await f();
    return performance.now() - started;
  };

  const modelOverhead: number[] = [];
  const toolOverhead: number[] = [];
  const modelDirect: number[] = [];
  const toolDirect: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    server.push(text, text);
    const a = await timed(() => viaEngine(noTools));
    const b = await timed(() => direct([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], false));
    server.push(toolTurn(fn.name), text, toolTurn(fn.name), text);
    const c = await timed(() => viaEngine(withTools));
    const d = await timed(async () => {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }];
      const args = await direct(messages, true);
      const result = JSON.parse(args) as JsonValue;
      messages.push({ role: 'tool', tool_call_id: 'call_1', content: JSON.stringify(result) });
      await direct(messages, true);
    });
    if (round < WARMUP) continue;
    modelOverhead.push(a - b);
    modelDirect.push(b);
    toolOverhead.push(c - d - 2 * (a - b));
    toolDirect.push(d);
  }
  await server.close();
  await db.close();
  await engine.close();
  const p50 = (v: number[]) => percentile(v, 0.5);
  const row = (name: string, overhead: number[], base: number[]): string =>
    `| ${name} | ${p50(base).toFixed(3)} | ${p50(overhead).toFixed(3)} | ${percentile(overhead, 0.9).toFixed(3)} | ${((p50(base) + p50(overhead)) / p50(base)).toFixed(2)}× |`;
  console.log(`agent loop overhead through the engine (run_steps checkpoints on ${process.env.DATABASE_URL ? 'the server' : 'embedded PGlite'}), ${ROUNDS} rounds (ms; target ≤ 3 ms p50)\n`);
  console.log('| per | direct p50 | overhead p50 | overhead p90 | engine / direct |\n|---|---|---|---|---|');
  console.log(row('model call', modelOverhead, modelDirect));
  console.log(row('tool call', toolOverhead, toolDirect));
}

await main();
