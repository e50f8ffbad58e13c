/**
 * The agent loop's own overhead, against the scripted model server answering instantly:
 * `runAgentLoop` (in-memory host) vs the `openai` client called directly for the same calls, in
 * the same run, interleaved round by round. Prints p50 / p90 of the per-round overhead:
 * - per model call: a text answer (1 model call), loop − direct;
 * - per tool call: a tool call + answer (2 model calls, 1 function call), loop − direct, minus
 *   two model-call overheads.
 *
 * `pnpm --filter @agent-studio/sdk bench:agent` (ROUNDS=400 by default).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Agent, JsonValue, ModelProvider, StudioFunction } from '@agent-studio/db/models';
import OpenAI from 'openai';
import { messagesFromInput, runAgentLoop } from '../src/runtime/agent/agent-loop.js';
import { createInMemoryAgentHost } from '../test/in-memory-agent-host.js';
import { startScriptedModelServer, type ScriptedTurn } from '../test/scripted-model-server.js';

const ROUNDS = Number(process.env.ROUNDS ?? 400);
const WARMUP = 50;

const now = new Date();
const agent: Agent = {
  id: randomUUID(), name: 'bench', description: null, model: 'local/m', instructions: 'Be brief.', temperature: 0,
  config: {}, status: 'active', version: 1, createdAt: now, updatedAt: now,
};
const fn: StudioFunction = {
  id: randomUUID(), name: 'echo', description: 'echo', kind: 'builtin',
  parameters: { type: 'object', properties: { text: { type: 'string' } } }, config: { name: 'echo' }, headers: {},
  mcpServerId: null, mcpToolName: null, version: 1, createdAt: now, updatedAt: now,
};
const echo = (_f: StudioFunction, args: JsonValue): Promise<JsonValue> => Promise.resolve(args);
const text: ScriptedTurn = { kind: 'text', text: 'ok', chunks: ['o', 'k'], usage: { promptTokens: 5, completionTokens: 1 } };
const toolTurn: ScriptedTurn = { kind: 'tool_calls', calls: [{ id: 'call_1', name: 'echo', arguments: { text: 'hi' } }] };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function main(): Promise<void> {
  const server = await startScriptedModelServer();
  const provider: ModelProvider = {
    id: randomUUID(), name: 'local', description: null, kind: 'openai_compatible', baseUrl: server.baseUrl,
    credentials: { apiKey: 'bench-key' }, headers: {}, requestTimeoutMs: 10_000, version: 1, createdAt: now, updatedAt: now,
  };
  const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'bench-key', maxRetries: 0, logLevel: 'off' });
  const tools = [{ type: 'function' as const, function: { name: 'echo', description: 'echo', parameters: fn.parameters } }];

  /** One streamed call with the raw client, consumed like the loop consumes it. */
  async function direct(messages: OpenAI.Chat.ChatCompletionMessageParam[], withTools: boolean): Promise<string> {
    const stream = await client.chat.completions.create({
      model: 'm', messages, ...(withTools ? { tools } : {}), stream: true, stream_options: { include_usage: true },
    });
    let args = '';
    for await (const chunk of stream) for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) args += call.function?.arguments ?? '';
    return args;
  }
  const loop = (functions: StudioFunction[]) =>
    runAgentLoop({ agent, provider, functions, messages: messagesFromInput('hi') }, createInMemoryAgentHost({ callFunction: echo }));

  const timed = async (fn: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const modelOverhead: number[] = [];
  const toolOverhead: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
    server.push(text, text);
    const a = await timed(() => loop([]));
    const b = await timed(() => direct([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], false));
    server.push(toolTurn, text, toolTurn, text);
    const c = await timed(() => loop([fn]));
    const d = await timed(async () => {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }];
      const args = await direct(messages, true);
      const result = await echo(fn, JSON.parse(args) as JsonValue);
      messages.push({ role: 'tool', tool_call_id: 'call_1', content: JSON.stringify(result) });
      await direct(messages, true);
    });
    if (round < WARMUP) continue;
    modelOverhead.push(a - b);
    toolOverhead.push(c - d - 2 * (a - b));
  }
  await server.close();
  const row = (name: string, values: number[]): string =>
    `| ${name} | ${percentile(values, 0.5).toFixed(3)} | ${percentile(values, 0.9).toFixed(3)} |`;
  console.log(`agent loop overhead, ${ROUNDS} rounds (ms; negative = within noise)\n`);
  console.log('| per | p50 | p90 |\n|---|---|---|');
  console.log(row('model call', modelOverhead));
  console.log(row('tool call', toolOverhead));
}

await main();
