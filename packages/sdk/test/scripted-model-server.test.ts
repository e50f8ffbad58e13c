import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startScriptedModelServer, type ScriptedModelServer, type ScriptedTurn } from './scripted-model-server.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(...turns: ScriptedTurn[]): Promise<OpenAI> {
  server = await startScriptedModelServer(turns);
  return new OpenAI({ baseURL: server.baseUrl, apiKey: 'test-key', maxRetries: 0, logLevel: 'off' });
}

describe('the scripted model server speaks Chat Completions to the official client', () => {
  it('answers non-streaming requests with a chat.completion (text, parallel tool calls, usage)', async () => {
    const client = await clientFor(
      { kind: 'text', text: 'Hello.', usage: { promptTokens: 7, completionTokens: 2 } },
      {
        kind: 'tool_calls',
        calls: [
          { id: 'call_a', name: 'weather', arguments: { city: 'Oslo' } },
          { id: 'call_b', name: 'weather', arguments: '{"city": broken' },
        ],
      },
    );
    const first = await client.chat.completions.create({ model: 'qwen2.5', messages: [{ role: 'user', content: 'hi' }] });
    expect(first.object).toBe('chat.completion');
    expect(first.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Hello.' } });
    expect(first.usage).toEqual({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 });

    const second = await client.chat.completions.create({ model: 'qwen2.5', messages: [{ role: 'user', content: 'weather?' }] });
    expect(second.choices[0]!.finish_reason).toBe('tool_calls');
    expect(second.choices[0]!.message.content).toBeNull();
    expect(second.choices[0]!.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
      { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city": broken' } },
    ]);
    expect(server!.requests.map((r) => r.body.model)).toEqual(['qwen2.5', 'qwen2.5']);
    expect(server!.requests[0]!.headers.authorization).toBe('Bearer test-key');
  });

  it('streams chunks with tool_calls deltas and a final usage chunk', async () => {
    const client = await clientFor({
      kind: 'tool_calls',
      text: 'Checking.',
      calls: [{ id: 'call_a', name: 'weather', arguments: { city: 'Rome' } }],
      usage: { promptTokens: 3, completionTokens: 4 },
    });
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const deltas = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(deltas[0]).toMatchObject({ index: 0, id: 'call_a', function: { name: 'weather' } });
    expect(deltas.map((d) => d.function?.arguments ?? '').join('')).toBe('{"city":"Rome"}');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Checking.');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } });
  });

  it('answers a scripted status with Retry-After, and 500 once the script is exhausted', async () => {
    const client = await clientFor({ kind: 'status', status: 429, retryAfter: '3' });
    const limited = await client.chat.completions.create({ model: 'm', messages: [] }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('3');
    const exhausted = await client.chat.completions.create({ model: 'm', messages: [] }).catch((e: unknown) => e);
    expect((exhausted as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
    expect(server!.remaining()).toBe(0);
  });
});
