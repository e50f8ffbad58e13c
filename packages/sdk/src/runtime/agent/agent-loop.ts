/**
 * The agent loop, session-free: call the model → run the tool calls it asked for (concurrently,
 * each a checkpointed step) → feed the results back → until the model answers, within
 * `maxIterations` model calls and a token budget. The engine supplies the {@link AgentLoopHost}
 * (run_steps checkpoints, the run's SSE stream, the function executors, the cancel signal).
 *
 * @module
 */
import type { Agent, JsonValue, ModelProvider, StudioFunction } from '@agent-studio/db/models';
import { z } from 'zod';
import { parseModelRef } from '../../services/model-providers/model-ref.js';
import { AgentLoopError } from './agent-loop-error.js';
import { chatMessagesSchema, type AssistantMessage, type ChatMessage, type TokenUsage, type ToolCall, type ToolMessage } from './chat-message.js';
import { createModelClient, type ModelClient, type ModelTurn, type ToolDefinition } from './model-client.js';
import type { RetryPolicy } from '../executors/retry-policy.js';
import { MODEL_RETRY_POLICY, withRetries } from './with-retries.js';
import { toolNames } from './tool-names.js';

/** The default bound on model calls per agent step (agent `config.maxIterations`). */
export const DEFAULT_MAX_ITERATIONS = 10;

/** What a checkpointed sub-step reports besides its output. */
export interface StepResult<T extends JsonValue> {
  output: T;
  usage?: TokenUsage;
  finishReason?: string;
}

/** What the loop tells the host about a sub-step. */
export interface StepMeta {
  kind: 'model_call' | 'tool_call';
  name: string;
  input: JsonValue;
}

/**
 * What the engine provides to the loop.
 *
 * @example
 * const host: AgentLoopHost = { signal, step: (key, meta, fn) => checkpoints.run(runId, key, meta, fn), emitToken, callFunction };
 */
export interface AgentLoopHost {
  readonly signal: AbortSignal;
  /**
   * Runs fn as a checkpointed sub-step `key` (e.g. 'model#1', 'tool#1:call_abc'); when the run is
   * resumed after a crash and the step already finished, returns its stored result WITHOUT calling fn.
   */
  step<T extends JsonValue>(key: string, meta: StepMeta, fn: () => Promise<StepResult<T>>): Promise<T>;
  /** Streams a token to the run's SSE stream. */
  emitToken(text: string): void;
  /** Calls one of the agent's functions (the engine passes executeFunction with the right deps). */
  callFunction(fn: StudioFunction, args: JsonValue, signal: AbortSignal): Promise<JsonValue>;
}

/** What one agent step works on. */
export interface AgentLoopInput {
  agent: Agent;
  /** The provider the agent's `model` names (`ModelProvidersService.resolveModel`). */
  provider: ModelProvider;
  /** The agent's attached functions, offered as tools. */
  functions: StudioFunction[];
  /** The conversation so far (user / assistant / tool); the agent's instructions are prepended as the system message. */
  messages: ChatMessage[];
  /** Model calls allowed (default: agent `config.maxIterations`, else 10). */
  maxIterations?: number;
  /** Tokens in + out allowed over all model calls (default: agent `config.tokenBudget`, else none). */
  tokenBudget?: number;
}

/** What the loop may be given besides the host. */
export interface AgentLoopDeps {
  /** The fetch model requests go through (the outbound policy's). */
  fetch?: typeof fetch;
  /** Retry settings of model calls (default {@link MODEL_RETRY_POLICY}). */
  retry?: Partial<RetryPolicy>;
}

/** Totals of one agent step. */
export type AgentLoopUsage = { inputTokens: number; outputTokens: number; modelCalls: number; toolCalls: number };

/** The answer and the whole conversation (system message first). */
export interface AgentLoopResult {
  messages: ChatMessage[];
  answer: string;
  usage: AgentLoopUsage;
}

/** The output of a tool-call step. */
type ToolOutcome = { ok: true; result: JsonValue } | { ok: false; error: string };

/** The loop settings an agent's `config` may carry. */
const agentLoopConfigSchema = z.object({
  maxIterations: z.number().int().min(1).max(1_000).optional(),
  tokenBudget: z.number().int().min(1).optional(),
});

/**
 * The first messages of a run: a list that is a valid conversation ({@link chatMessagesSchema})
 * as it is; any other input as the user's message (a string as is, anything else as JSON text).
 *
 * @example
 * messagesFromInput('What time is it?'); // [{ role: 'user', content: 'What time is it?' }]
 * messagesFromInput({ city: 'Oslo' });    // [{ role: 'user', content: '{"city":"Oslo"}' }]
 * messagesFromInput([{ role: 'user', content: 'Hi' }]); // the same list
 */
export function messagesFromInput(input: JsonValue): ChatMessage[] {
  if (Array.isArray(input)) {
    const parsed = chatMessagesSchema.safeParse(input);
    if (parsed.success) return parsed.data;
  }
  return [{ role: 'user', content: typeof input === 'string' ? input : JSON.stringify(input) }];
}

function toolDefinitions(tools: ReadonlyMap<string, StudioFunction>): ToolDefinition[] {
  return [...tools].map(([name, fn]) => ({
    type: 'function',
    function: { name, description: fn.description ?? fn.name, parameters: { type: 'object', properties: {}, ...fn.parameters } },
  }));
}

function toolContent(outcome: ToolOutcome): string {
  if (!outcome.ok) return JSON.stringify({ error: outcome.error });
  return typeof outcome.result === 'string' ? outcome.result : JSON.stringify(outcome.result);
}

/** Step keys of one turn's tool calls: `tool#<iteration>:<call id>`, unique even if the model repeats an id. */
function toolStepKeys(iteration: number, calls: readonly ToolCall[]): string[] {
  const seen = new Set<string>();
  return calls.map((call, index) => {
    let key = `tool#${iteration}:${call.id}`;
    if (seen.has(key)) key = `${key}#${index}`;
    seen.add(key);
    return key;
  });
}

/** Runs one tool call; malformed arguments, unknown tools and failing functions become tool errors. */
async function runToolCall(
  call: ToolCall,
  key: string,
  tools: ReadonlyMap<string, StudioFunction>,
  host: AgentLoopHost,
  scrub: (text: string) => string,
): Promise<ToolOutcome> {
  const fn = tools.get(call.function.name);
  let args: JsonValue | undefined;
  let argsError: string | undefined;
  try {
    args = call.function.arguments.trim() === '' ? {} : (JSON.parse(call.function.arguments) as JsonValue);
  } catch (e) {
    argsError = `the arguments are not valid JSON (${(e as Error).message}); call ${call.function.name} again with a JSON object`;
  }
  if (argsError === undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) {
    argsError = `the arguments must be a JSON object; call ${call.function.name} again with one`;
  }
  const meta: StepMeta = { kind: 'tool_call', name: fn?.name ?? call.function.name, input: args ?? call.function.arguments };
  return host.step<ToolOutcome>(key, meta, async () => {
    if (!fn) return { output: { ok: false, error: `there is no tool named ${call.function.name}; use one of: ${[...tools.keys()].join(', ')}` } };
    if (argsError !== undefined) return { output: { ok: false, error: argsError } };
    try {
      return { output: { ok: true, result: await host.callFunction(fn, args!, host.signal) } };
    } catch (e) {
      host.signal.throwIfAborted();
      return { output: { ok: false, error: scrub(`${fn.name} failed: ${e instanceof Error ? e.message : String(e)}`) } };
    }
  });
}

/**
 * Runs an agent until it answers.
 *
 * - The model is called with the agent's instructions as the system message, the conversation,
 *   and the functions as tools (their JSON-Schema `parameters`); tokens stream to
 *   `host.emitToken`. Each call is the step `model#<n>` (a resumed run gets the stored turn back
 *   and does not call the model again).
 * - Tool calls of one turn run concurrently, each the step `tool#<n>:<call id>`; malformed JSON
 *   arguments, an unknown tool name and a function that throws are returned to the model as a
 *   tool message `{"error": "…"}`, so it can correct itself.
 * - 429 / 408 / 5xx / time-outs / refused connections are retried with backoff, honouring
 *   `Retry-After` (the executors' retry policy; the failure is a `StepError`, the cause of
 *   `AgentLoopError('model_failed')`).
 * - Ends with {@link AgentLoopError}: `max_iterations` (still calling tools after
 *   `maxIterations` model calls), `token_budget` (budget spent before an answer), `model_failed`,
 *   `invalid_model`. Cancelling `host.signal` aborts the in-flight model request or tool call and
 *   rethrows the signal's reason.
 * - Nothing returned or emitted contains the provider's API key or header values.
 *
 * @example
 * const { answer, usage } = await runAgentLoop(
 *   { agent, provider, functions, messages: messagesFromInput(run.input) },
 *   host,
 *   { fetch: outboundFetch },
 * );
 */
export async function runAgentLoop(input: AgentLoopInput, host: AgentLoopHost, deps: AgentLoopDeps = {}): Promise<AgentLoopResult> {
  const ref = parseModelRef(input.agent.model);
  if (!ref || ref.provider !== input.provider.name) {
    throw new AgentLoopError(
      'invalid_model',
      `agent ${input.agent.name}: model "${input.agent.model}" must be "${input.provider.name}/<model id>"`,
    );
  }
  const config = agentLoopConfigSchema.safeParse(input.agent.config);
  const maxIterations = input.maxIterations ?? (config.success ? config.data.maxIterations : undefined) ?? DEFAULT_MAX_ITERATIONS;
  const tokenBudget = input.tokenBudget ?? (config.success ? config.data.tokenBudget : undefined);
  const retry: RetryPolicy = { ...MODEL_RETRY_POLICY, ...deps.retry };
  const tools = toolNames(input.functions);
  const definitions = toolDefinitions(tools);
  const client: ModelClient = createModelClient(input.provider, deps.fetch ? { fetch: deps.fetch } : {});
  const { signal } = host;

  const messages: ChatMessage[] = [...input.messages];
  if (input.agent.instructions && messages[0]?.role !== 'system') messages.unshift({ role: 'system', content: input.agent.instructions });
  const usage: AgentLoopUsage = { inputTokens: 0, outputTokens: 0, modelCalls: 0, toolCalls: 0 };
  let sentCount = 0;

  for (let iteration = 1; ; iteration += 1) {
    if (iteration > maxIterations) {
      throw new AgentLoopError('max_iterations', `the agent did not answer within ${maxIterations} model calls (maxIterations)`);
    }
    signal.throwIfAborted();
    const request = { model: ref.model, messages: [...messages], tools: definitions, temperature: input.agent.temperature };
    const sentBefore = sentCount;
    sentCount = messages.length;
    const turn = await host.step<ModelTurn>(
      `model#${iteration}`,
      // the step input is what is new since the previous model call (not the whole conversation
      // again, which would store it once per iteration); `fromMessage` is the index it starts at
      {
        kind: 'model_call',
        name: input.agent.model,
        input: { model: ref.model, fromMessage: sentBefore, newMessages: messages.slice(sentBefore) },
      },
      async () => {
        try {
          const output = await withRetries(() => client.complete(request, { signal, onToken: (t) => host.emitToken(t) }), signal, retry);
          return { output, usage: output.usage, finishReason: output.finishReason };
        } catch (e) {
          signal.throwIfAborted();
          throw new AgentLoopError('model_failed', client.scrub(e instanceof Error ? e.message : String(e)), { cause: e });
        }
      },
    );
    usage.modelCalls += 1;
    usage.inputTokens += turn.usage.inputTokens;
    usage.outputTokens += turn.usage.outputTokens;
    const assistant: AssistantMessage = { role: 'assistant', content: turn.content };
    if (turn.toolCalls.length) assistant.tool_calls = turn.toolCalls;
    messages.push(assistant);
    if (!turn.toolCalls.length) return { messages, answer: turn.content ?? '', usage };

    if (tokenBudget !== undefined && usage.inputTokens + usage.outputTokens > tokenBudget) {
      throw new AgentLoopError(
        'token_budget',
        `the agent used ${usage.inputTokens + usage.outputTokens} tokens without answering (token budget ${tokenBudget})`,
      );
    }
    const keys = toolStepKeys(iteration, turn.toolCalls);
    const outcomes = await Promise.all(turn.toolCalls.map((call, i) => runToolCall(call, keys[i]!, tools, host, client.scrub)));
    usage.toolCalls += outcomes.length;
    turn.toolCalls.forEach((call, i) => {
      const message: ToolMessage = { role: 'tool', tool_call_id: call.id, content: toolContent(outcomes[i]!) };
      messages.push(message);
    });
  }
}
