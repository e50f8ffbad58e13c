import type { JsonValue } from '@agent-studio/db/models';
import { describe, expectTypeOf, it } from 'vitest';
import type { AgentLoopHost, AgentLoopResult, StepMeta } from './agent-loop.js';
import type { runAgentLoop } from './agent-loop.js';
import type { z } from 'zod';
import type { ChatMessage, chatMessagesSchema } from './chat-message.js';
import type { ModelTurn } from './model-client.js';

declare const host: AgentLoopHost;

describe('agent loop types', () => {
  it('model turns and messages are JSON, so the engine can checkpoint them', () => {
    expectTypeOf<ModelTurn>().toExtend<JsonValue>();
    expectTypeOf<ChatMessage[]>().toExtend<JsonValue>();
  });

  it('a step output must be JSON', () => {
    const meta: StepMeta = { kind: 'tool_call', name: 'echo', input: {} };
    void host.step('tool#1:a', meta, async () => ({ output: { ok: true } }));
    // @ts-expect-error a Date is not a JSON value
    void host.step('tool#1:b', meta, async () => ({ output: new Date() }));
    // @ts-expect-error only model_call and tool_call sub-steps exist
    void host.step('x', { kind: 'http', name: 'x', input: null }, async () => ({ output: null }));
  });

  it('runAgentLoop resolves to the answer, the conversation and the usage', () => {
    expectTypeOf<Awaited<ReturnType<typeof runAgentLoop>>>().toEqualTypeOf<AgentLoopResult>();
    expectTypeOf<AgentLoopResult['answer']>().toEqualTypeOf<string>();
    expectTypeOf<AgentLoopResult['usage']>().toEqualTypeOf<{ inputTokens: number; outputTokens: number; modelCalls: number; toolCalls: number }>();
  });
});

describe('chatMessagesSchema', () => {
  it('parses to ChatMessage[]', () => {
    expectTypeOf<z.output<typeof chatMessagesSchema>>().toExtend<ChatMessage[]>();
  });
});
