/**
 * The OpenAI-compatible Chat Completions endpoint of a deployed agent, driven by the official
 * `openai` client pointed at `/api/v1/deployments/<id>`, the agent's model answered by a scripted
 * OpenAI-compatible server on loopback, the run executed by a real worker in this process.
 */
import { withSession } from '@agent-studio/db/exec';
import { AgentsService, DeploymentsService, ModelProvidersService } from '@agent-studio/sdk';
import { createRunWorker, type RunWorker } from '@agent-studio/sdk/runtime';
import { startScriptedModelServer, type ScriptedModelServer } from '@agent-studio/test-servers/scripted-model-server';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiTestContext, type ApiTestContext } from '../../test/api-test-context.js';
import { listenOnLoopback } from '../../test/listen-on-loopback.js';

const PROVIDER_KEY = 'sk-provider-secret-for-chat-tests';
let ctx: ApiTestContext;
let worker: RunWorker;
let model: ScriptedModelServer;
let base: string;
let closeServer: () => Promise<void>;
let deploymentId: string;
let deploymentKey: string;

beforeAll(async () => {
  ctx = await createApiTestContext();
  worker = createRunWorker(ctx.runtime, { concurrency: 2 });
  await worker.start();
  ({ base, close: closeServer } = await listenOnLoopback(ctx.app));
  model = await startScriptedModelServer([]);
  ({ deploymentId, deploymentKey } = await withSession(ctx.engine, async (s) => {
    await ModelProvidersService.createModelProvider(s, { name: 'scripted', baseUrl: model.baseUrl, apiKey: PROVIDER_KEY });
    const agent = await AgentsService.createAgent(s, { name: 'chat-agent', model: 'scripted/qwen2.5', instructions: 'Be brief.' });
    const d = await DeploymentsService.createDeployment(s, { name: 'chat', agentId: agent.id });
    await DeploymentsService.deploy(s, d.id, { version: d.version });
    const { apiKey } = await DeploymentsService.rotateApiKey(s, d.id);
    return { deploymentId: d.id, deploymentKey: apiKey };
  }));
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await closeServer?.();
  await model?.close();
  await ctx?.close();
});

function client(apiKey = deploymentKey): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${base}/api/v1/deployments/${deploymentId}`, maxRetries: 0 });
}

describe('POST /deployments/:id/chat/completions', () => {
  it('answers a completion with usage, through the official openai client and the deployment key', async () => {
    model.push({ kind: 'text', text: 'Hello there.', usage: { promptTokens: 12, completionTokens: 3 } });
    const completion = await client().chat.completions.create({ model: 'anything', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'Hello there.' });
    expect(completion.usage).toEqual({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    const sent = model.requests.at(-1)!.body.messages!;
    expect(sent.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('streams chunks in OpenAI format, ending with usage, and never shows the provider key', async () => {
    model.push({ kind: 'text', text: 'one two three', chunks: ['one ', 'two ', 'three'], usage: { promptTokens: 5, completionTokens: 3 } });
    const stream = await client().chat.completions.create({
      model: 'anything',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown;
    const raw: unknown[] = [];
    for await (const chunk of stream) {
      raw.push(chunk);
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('one two three');
    expect(usage).toEqual({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    expect(JSON.stringify(raw)).not.toContain(PROVIDER_KEY);
  });

  it('a model failure is an error the client sees (502), not a hang or a 500', async () => {
    model.push({ kind: 'status', status: 401, body: { error: { message: 'bad key' } } });
    const error = await client().chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(JSON.stringify(error)).not.toContain(PROVIDER_KEY);
  });

  it('a thread (thread_id body field, X-Thread-Id header, or threadId on /runs) continues the chat where it left off', async () => {
    model.push({ kind: 'text', text: 'Hi Ada.' }, { kind: 'text', text: 'You are Ada.' }, { kind: 'text', text: 'Still Ada.' });
    const before = model.requests.length;
    // an extra body field, as OpenAI clients send with extra_body
    const withThread = { model: 'x', messages: [{ role: 'user' as const, content: 'I am Ada.' }], thread_id: 'chat-ada' };
    const first = await client().chat.completions.create(withThread);
    expect(first.choices[0]!.message.content).toBe('Hi Ada.');
    // the header, as a client configured with defaultHeaders sends it
    const second = await client().chat.completions.create(
      { model: 'x', messages: [{ role: 'user', content: 'Who am I?' }] },
      { headers: { 'X-Thread-Id': 'chat-ada' } },
    ).withResponse();
    expect(second.data.choices[0]!.message.content).toBe('You are Ada.');
    expect(second.response.headers.get('x-thread-id')).toBe('chat-ada');
    expect(model.requests[before + 1]!.body.messages!.map((m) => [m.role, m.content])).toEqual([
      ['system', 'Be brief.'],
      ['user', 'I am Ada.'],
      ['assistant', 'Hi Ada.'],
      ['user', 'Who am I?'],
    ]);
    // POST /runs with threadId is the same thread
    const res = await fetch(`${base}/api/v1/deployments/${deploymentId}/runs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${deploymentKey}`, 'Content-Type': 'application/json', Prefer: 'wait=20' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'And now?' }], threadId: 'chat-ada' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'succeeded', output: 'Still Ada.' });
    expect(model.requests[before + 2]!.body.messages).toHaveLength(6);
    // the deployment's key reads its thread
    const thread = await fetch(`${base}/api/v1/deployments/${deploymentId}/threads/chat-ada`, { headers: { Authorization: `Bearer ${deploymentKey}` } });
    expect(thread.status).toBe(200);
    const body = (await thread.json()) as { turns: number; messages: { role: string; content: string }[] };
    expect(body.turns).toBe(3);
    expect(body.messages.map((m) => m.content)).toEqual(['I am Ada.', 'Hi Ada.', 'Who am I?', 'You are Ada.', 'And now?', 'Still Ada.']);
    // body and header disagreeing, or a malformed header, is a 422 naming the header
    for (const header of ['other-thread', 'not valid']) {
      const error = await client().chat.completions.create(header === 'not valid' ? { model: 'x', messages: [{ role: 'user', content: 'x' }] } : withThread, { headers: { 'X-Thread-Id': header } }).catch((e: unknown) => e);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
    }
    expect(model.requests).toHaveLength(before + 3);
  });

  it('another key is refused', async () => {
    const error = await client('sk-not-a-key').chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
  });
});
