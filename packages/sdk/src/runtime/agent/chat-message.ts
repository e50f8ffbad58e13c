/**
 * The messages of an agent's conversation, in the OpenAI Chat Completions shape (so they go to
 * any OpenAI-compatible provider, and come back from the deployment endpoint, unchanged). They
 * are plain JSON: the engine stores them in run steps.
 *
 * @module
 */
import { z } from 'zod';

/** A tool call the model asked for; `arguments` is the model's raw JSON text (it may be malformed). */
export type ToolCall = {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
};

/** The system prompt (the agent's instructions). */
export type SystemMessage = { role: 'system'; content: string };
/** A user turn (the run input). */
export type UserMessage = { role: 'user'; content: string };
/** A model turn: text, tool calls, or both. */
export type AssistantMessage = { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] };
/** The result (or error) of one tool call, fed back to the model. */
export type ToolMessage = { role: 'tool'; tool_call_id: string; content: string };

/**
 * One message of a conversation.
 *
 * @example
 * const messages: ChatMessage[] = [{ role: 'user', content: 'What time is it?' }];
 */
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** Tokens in and out. */
export type TokenUsage = { inputTokens: number; outputTokens: number };

const toolCallSchema = z.strictObject({
  id: z.string().min(1).max(200),
  type: z.literal('function'),
  function: z.strictObject({ name: z.string().min(1).max(64), arguments: z.string().max(1_000_000) }),
});

/**
 * A conversation as a client sends it (`{ messages }` of a run, the deployment chat endpoint):
 * the Chat Completions roles `system`, `user`, `assistant` (text and/or tool calls) and `tool`,
 * with string contents. At most 1000 messages.
 *
 * @example
 * chatMessagesSchema.parse([{ role: 'user', content: 'Hi' }]);
 */
export const chatMessagesSchema = z
  .array(
    z.discriminatedUnion('role', [
      z.strictObject({ role: z.literal('system'), content: z.string() }),
      z.strictObject({ role: z.literal('user'), content: z.string() }),
      z.strictObject({ role: z.literal('assistant'), content: z.string().nullable(), tool_calls: z.array(toolCallSchema).optional() }),
      z.strictObject({ role: z.literal('tool'), tool_call_id: z.string().min(1).max(200), content: z.string() }),
    ]),
  )
  .max(1_000)
  .describe('Chat messages (OpenAI Chat Completions shape).');
