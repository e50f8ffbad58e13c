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

  it('another key is refused', async () => {
    const error = await client('sk-not-a-key').chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
  });
});
