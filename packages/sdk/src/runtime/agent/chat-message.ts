/**
 * The messages of an agent's conversation, in the OpenAI Chat Completions shape (so they go to
 * any OpenAI-compatible provider, and come back from the deployment endpoint, unchanged). They
 * are plain JSON: the engine stores them in run steps.
 *
 * @module
 */

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
