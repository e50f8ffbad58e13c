import { randomUUID } from 'node:crypto';
import { getEventListeners } from 'node:events';
import type { Agent, JsonValue, ModelProvider, StudioFunction } from '@agent-studio/db/models';
import { afterEach, describe, expect, it } from 'vitest';
import { createInMemoryAgentHost, type InMemoryAgentHost } from '../../../test/in-memory-agent-host.js';
import { startScriptedModelServer, type ScriptedModelServer, type ScriptedTurn } from '../../../test/scripted-model-server.js';
import { isAgentLoopError, type AgentLoopError } from './agent-loop-error.js';
import { messagesFromInput, runAgentLoop, type AgentLoopDeps, type AgentLoopResult } from './agent-loop.js';
import { isStepError } from '../executors/step-error.js';

const API_KEY = 'sk-SECRET-PROVIDER-KEY-9f8e7d';
const HEADER_SECRET = 'SECRET-ORG-HEADER-5a4b';
const FAST_RETRY: AgentLoopDeps = { retry: { baseMs: 10, maxMs: 2_000 } };

const servers: ScriptedModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(...turns: ScriptedTurn[]): Promise<ScriptedModelServer> {
  const server = await startScriptedModelServer(turns);
  servers.push(server);
  return server;
}

const now = new Date();
function agentRow(extra: Partial<Agent> = {}): Agent {
  return {
    id: randomUUID(),
    name: 'weather-bot',
    description: null,
    model: 'local/qwen2.5',
    instructions: 'You answer weather questions.',
    temperature: 0.2,
    config: {},
    status: 'active',
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}
function providerRow(baseUrl: string, extra: Partial<ModelProvider> = {}): ModelProvider {
  return {
    id: randomUUID(),
    name: 'local',
    description: null,
    kind: 'openai_compatible',
    baseUrl,
    credentials: { apiKey: API_KEY },
    headers: { 'X-Org': HEADER_SECRET },
    requestTimeoutMs: 10_000,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}
function fnRow(name: string, extra: Partial<StudioFunction> = {}): StudioFunction {
  return {
    id: randomUUID(),
    name,
    description: `The ${name} function`,
    kind: 'http',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    config: {},
    headers: {},
    mcpServerId: null,
    mcpToolName: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

const weather = fnRow('weather');
/** A function double for the http tool: what the engine's executor would return. */
const weatherCall = async (_fn: StudioFunction, args: JsonValue): Promise<JsonValue> => ({
  city: (args as { city: string }).city,
  forecast: 'sunny',
});

/** Everything the loop returned or emitted, and what the host would store, must be free of secrets. */
function expectNoSecrets(host: InMemoryAgentHost, ...values: unknown[]): void {
  const text = JSON.stringify([...values, host.tokens, [...host.finished]]);
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain(HEADER_SECRET);
}

async function rejection(promise: Promise<unknown>): Promise<AgentLoopError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAgentLoopError(error), String(error)).toBe(true);
  return error as AgentLoopError;
}

describe('runAgentLoop against a scripted OpenAI-compatible server', () => {
  it("model calls leave no abort listener on the run's signal (a long loop does not collect one per call)", async () => {
    const calls = 12;
    const turns: ScriptedTurn[] = Array.from({ length: calls - 1 }, (_, i) => ({ kind: 'tool_calls', calls: [{ id: `call_${i}`, name: 'weather', arguments: { city: 'Oslo' } }] }));
    const server = await serve(...turns, { kind: 'text', text: 'done' });
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    const before = getEventListeners(host.signal, 'abort').length;
    const result = await runAgentLoop(
      { agent: agentRow({ config: { maxIterations: calls } }), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('Weather?') },
      host,
    );
    expect(result.usage.modelCalls).toBe(calls);
    expect(getEventListeners(host.signal, 'abort').length).toBe(before);
  });

  it('tool call → tool result → final answer, with instructions, tools and usage', async () => {
    const server = await serve(
      { kind: 'tool_calls', calls: [{ id: 'call_w1', name: 'weather', arguments: { city: 'Oslo' } }], usage: { promptTokens: 40, completionTokens: 8 } },
      { kind: 'text', text: 'Sunny in Oslo.', usage: { promptTokens: 60, completionTokens: 5 } },
    );
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    const result = await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('Weather in Oslo?') },
      host,
    );
    expect(result.answer).toBe('Sunny in Oslo.');
    expect(result.usage).toEqual({ inputTokens: 100, outputTokens: 13, modelCalls: 2, toolCalls: 1 });
    expect(host.executed).toEqual(['model#1', 'tool#1:call_w1', 'model#2']);
    expect(host.finished.get('model#1')?.result).toMatchObject({ usage: { inputTokens: 40, outputTokens: 8 }, finishReason: 'tool_calls' });

    const [first, second] = server.requests;
    expect(first!.body).toMatchObject({
      model: 'qwen2.5',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'You answer weather questions.' },
        { role: 'user', content: 'Weather in Oslo?' },
      ],
      tools: [{ type: 'function', function: { name: 'weather', description: 'The weather function', parameters: weather.parameters } }],
    });
    expect(first!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(first!.headers['x-org']).toBe(HEADER_SECRET);
    expect(second!.body.messages!.slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_w1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_w1', content: '{"city":"Oslo","forecast":"sunny"}' },
    ]);
    expect(result.messages).toEqual([...(second!.body.messages as unknown[]), { role: 'assistant', content: 'Sunny in Oslo.' }]);
    expect(host.finished.get('model#1')?.meta.input).toEqual({ model: 'qwen2.5', fromMessage: 0, newMessages: first!.body.messages });
    expect(host.finished.get('model#2')?.meta.input).toEqual({ model: 'qwen2.5', fromMessage: 2, newMessages: second!.body.messages!.slice(2) });
    expectNoSecrets(host, result);
  });

  it('runs parallel tool calls of one turn concurrently and feeds back every result in order', async () => {
    const server = await serve(
      {
        kind: 'tool_calls',
        calls: [
          { id: 'call_a', name: 'weather', arguments: { city: 'Oslo' } },
          { id: 'call_b', name: 'weather', arguments: { city: 'Rome' } },
        ],
      },
      { kind: 'text', text: 'Oslo and Rome are sunny.' },
    );
    let running = 0;
    let maxRunning = 0;
    const host = createInMemoryAgentHost({
      callFunction: async (fn, args) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 150));
        running -= 1;
        return weatherCall(fn, args);
      },
    });
    const result = await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('Oslo and Rome?') },
      host,
    );
    expect(maxRunning).toBe(2);
    expect(result.usage.toolCalls).toBe(2);
    expect(server.requests[1]!.body.messages!.filter((m) => m.role === 'tool')).toEqual([
      { role: 'tool', tool_call_id: 'call_a', content: '{"city":"Oslo","forecast":"sunny"}' },
      { role: 'tool', tool_call_id: 'call_b', content: '{"city":"Rome","forecast":"sunny"}' },
    ]);
  });

  it('streams the answer token by token through host.emitToken', async () => {
    const server = await serve({ kind: 'text', text: 'It is sunny.', chunks: ['It ', 'is ', 'sunny', '.'] });
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    const result = await runAgentLoop(
      { agent: agentRow({ instructions: '' }), provider: providerRow(server.baseUrl), functions: [], messages: messagesFromInput({ q: 'weather' }) },
      host,
    );
    expect(host.tokens).toEqual(['It ', 'is ', 'sunny', '.']);
    expect(result.answer).toBe('It is sunny.');
    expect(server.requests[0]!.body.messages).toEqual([{ role: 'user', content: '{"q":"weather"}' }]);
    expect(server.requests[0]!.body.tools).toBeUndefined();
  });

  it('returns malformed tool arguments to the model as a tool error; the corrected call runs', async () => {
    const server = await serve(
      { kind: 'tool_calls', calls: [{ id: 'call_bad', name: 'weather', arguments: '{"city": "Os' }] },
      { kind: 'tool_calls', calls: [{ id: 'call_ok', name: 'weather', arguments: { city: 'Oslo' } }] },
      { kind: 'text', text: 'Sunny.' },
    );
    const seen: JsonValue[] = [];
    const host = createInMemoryAgentHost({ callFunction: async (fn, args) => (seen.push(args), weatherCall(fn, args)) });
    const result = await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('Oslo?') },
      host,
    );
    expect(result.answer).toBe('Sunny.');
    expect(seen).toEqual([{ city: 'Oslo' }]);
    const error = server.requests[1]!.body.messages!.find((m) => m.role === 'tool')!;
    expect(error.tool_call_id).toBe('call_bad');
    expect(JSON.parse(error.content as string)).toEqual({ error: expect.stringContaining('not valid JSON') as string });
    expect(host.finished.get('tool#1:call_bad')?.meta).toEqual({ kind: 'tool_call', name: 'weather', input: '{"city": "Os' });
  });

  it('reports a failing tool and an unknown tool to the model instead of throwing', async () => {
    const server = await serve(
      {
        kind: 'tool_calls',
        calls: [
          { id: 'call_1', name: 'weather', arguments: { city: 'Atlantis' } },
          { id: 'call_2', name: 'teleport', arguments: {} },
        ],
      },
      { kind: 'text', text: 'Sorry.' },
    );
    const host = createInMemoryAgentHost({
      callFunction: () => Promise.reject(new Error(`upstream 404 for Atlantis (key ${API_KEY})`)),
    });
    const result = await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('Atlantis?') },
      host,
    );
    const tools = server.requests[1]!.body.messages!.filter((m) => m.role === 'tool').map((m) => JSON.parse(m.content as string) as { error: string });
    expect(tools[0]!.error).toMatch(/^weather failed: upstream 404 for Atlantis/);
    expect(tools[1]!.error).toMatch(/no tool named teleport; use one of: weather/);
    expect(result.answer).toBe('Sorry.');
    expectNoSecrets(host, result);
  });

  it('fails with max_iterations when the model keeps calling tools', async () => {
    const loop = (n: number): ScriptedTurn => ({ kind: 'tool_calls', calls: [{ id: `call_${n}`, name: 'weather', arguments: { city: 'Oslo' } }] });
    const server = await serve(loop(1), loop(2), loop(3));
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    const error = await rejection(
      runAgentLoop(
        { agent: agentRow({ config: { maxIterations: 2 } }), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('?') },
        host,
      ),
    );
    expect(error.reason).toBe('max_iterations');
    expect(error.message).toMatch(/within 2 model calls/);
    expect(server.requests).toHaveLength(2);
  });

  it('fails with token_budget when the tokens are spent before an answer', async () => {
    const server = await serve({
      kind: 'tool_calls',
      calls: [{ id: 'call_1', name: 'weather', arguments: { city: 'Oslo' } }],
      usage: { promptTokens: 900, completionTokens: 200 },
    });
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    const error = await rejection(
      runAgentLoop(
        { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('?'), tokenBudget: 1_000 },
        host,
      ),
    );
    expect(error.reason).toBe('token_budget');
    expect(host.executed).toEqual(['model#1']);
  });

  it('retries 429 honouring Retry-After, and 500 with backoff', async () => {
    const server = await serve(
      { kind: 'status', status: 429, retryAfter: '1' },
      { kind: 'status', status: 500 },
      { kind: 'text', text: 'Finally.' },
    );
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    const started = Date.now();
    const result = await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [], messages: messagesFromInput('?') },
      host,
      FAST_RETRY,
    );
    expect(result.answer).toBe('Finally.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(3);
    expect(host.executed).toEqual(['model#1']); // retries are inside one step
  });

  it('does not retry a 400 and scrubs the API key from the error', async () => {
    const server = await serve({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${API_KEY}` } } });
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    const error = await rejection(
      runAgentLoop({ agent: agentRow(), provider: providerRow(server.baseUrl), functions: [], messages: messagesFromInput('?') }, host, FAST_RETRY),
    );
    expect(error.reason).toBe('model_failed');
    expect(isStepError(error.cause) && error.cause.status).toBe(401);
    expect(server.requests).toHaveLength(1);
    expect(error.message).toMatch(/answered 401/);
    expect(`${error.message} ${(error.cause as Error).message}`).not.toContain(API_KEY);
  });

  it('cancel aborts a hanging model request within one second; the server sees the connection close', async () => {
    const server = await serve({ kind: 'hang' });
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    const running = runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [], messages: messagesFromInput('?') },
      host,
    );
    const outcome = running.then(
      () => 'answered',
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(server.hangs).toHaveLength(1);
    const cancelledAt = Date.now();
    host.cancel(new Error('run cancelled'));
    expect(((await outcome) as Error).message).toBe('run cancelled');
    const closedAt = await server.hangs[0]!.closed;
    expect(closedAt - cancelledAt).toBeLessThan(1_000);
    expect(Date.now() - cancelledAt).toBeLessThan(1_000);
    expect(host.finished.size).toBe(0);
  });

  it('calls a builtin function through a simple callFunction', async () => {
    const echo = fnRow('echo text', {
      kind: 'builtin',
      config: { name: 'echo' },
      parameters: { type: 'object', properties: { text: { type: 'string' } } },
    });
    const builtins: Record<string, (args: JsonValue) => JsonValue> = { echo: (args) => args };
    const server = await serve(
      { kind: 'tool_calls', calls: [{ id: 'call_e', name: 'echo_text', arguments: { text: 'ping' } }] },
      { kind: 'text', text: 'pong' },
    );
    const host = createInMemoryAgentHost({
      callFunction: async (fn, args) => builtins[(fn.config as { name: string }).name]!(args),
    });
    const result = await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [echo], messages: messagesFromInput('echo ping') },
      host,
    );
    expect(server.requests[0]!.body.tools![0]!.function.name).toBe('echo_text');
    expect(server.requests[1]!.body.messages!.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_e', content: '{"text":"ping"}' });
    expect(result.answer).toBe('pong');
    expect(host.finished.get('tool#1:call_e')?.meta.name).toBe('echo text');
  });

  it('a resumed run does not repeat a finished model call', async () => {
    const server = await serve({ kind: 'tool_calls', calls: [{ id: 'call_w1', name: 'weather', arguments: { city: 'Oslo' } }] });
    const crashing = createInMemoryAgentHost({ callFunction: weatherCall });
    const crash = new Error('worker killed');
    const step = crashing.step.bind(crashing);
    // the worker dies right after model#1 was checkpointed, before the tool call ran
    const first = runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('Oslo?') },
      { ...crashing, step: (key, meta, fn) => (key.startsWith('tool#') ? Promise.reject(crash) : step(key, meta, fn)) },
    );
    await expect(first).rejects.toBe(crash);
    expect([...crashing.finished.keys()]).toEqual(['model#1']);

    server.push({ kind: 'text', text: 'Sunny in Oslo.' });
    const resumed = createInMemoryAgentHost({ callFunction: weatherCall, finished: crashing.finished });
    const result: AgentLoopResult = await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [weather], messages: messagesFromInput('Oslo?') },
      resumed,
    );
    expect(result.answer).toBe('Sunny in Oslo.');
    expect(resumed.executed).toEqual(['tool#1:call_w1', 'model#2']);
    expect(server.requests).toHaveLength(2); // model#1 once, model#2 once
    expect(result.usage.modelCalls).toBe(2);
  });

  it('refuses a model that does not name its provider', async () => {
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    for (const model of ['gpt-4o-mini', 'other/qwen2.5']) {
      const error = await rejection(
        runAgentLoop({ agent: agentRow({ model }), provider: providerRow('http://127.0.0.1:9/v1'), functions: [], messages: [] }, host),
      );
      expect(error.reason).toBe('invalid_model');
    }
  });

  it('sends no Authorization header for a provider without a key', async () => {
    const server = await serve({ kind: 'text', text: 'ok' });
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl, { credentials: {}, headers: {} }), functions: [], messages: messagesFromInput('?') },
      host,
    );
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('sends every model request through the given fetch', async () => {
    const server = await serve({ kind: 'text', text: 'ok' });
    const urls: string[] = [];
    const policyFetch: typeof fetch = (url, init) => {
      urls.push(url instanceof Request ? url.url : url.toString());
      return fetch(url, init);
    };
    const host = createInMemoryAgentHost({ callFunction: weatherCall });
    await runAgentLoop(
      { agent: agentRow(), provider: providerRow(server.baseUrl), functions: [], messages: messagesFromInput('?') },
      host,
      { fetch: policyFetch },
    );
    expect(urls).toEqual([`${server.baseUrl}/chat/completions`]);
  });
});

describe('messagesFromInput', () => {
  it('keeps a valid conversation and turns anything else into one user message', () => {
    const conversation = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ] as const;
    expect(messagesFromInput(conversation as unknown as JsonValue)).toEqual(conversation);
    expect(messagesFromInput('hi')).toEqual([{ role: 'user', content: 'hi' }]);
    expect(messagesFromInput([{ role: 'wizard', content: 'x' }])).toEqual([{ role: 'user', content: '[{"role":"wizard","content":"x"}]' }]);
    expect(messagesFromInput([1, 2])).toEqual([{ role: 'user', content: '[1,2]' }]);
  });
});
