/**
 * One streamed Chat Completions call to a model provider, through the official `openai` client
 * (6.x, runs on Node 20): the provider's base URL, API key, extra headers and request timeout;
 * a caller-supplied `fetch` (the outbound policy's); the caller's `AbortSignal`; tokens streamed
 * to `onToken`; tool calls (several per turn) assembled from their deltas; usage from the final
 * chunk. The client's own retries are OFF (`maxRetries: 0`): the agent loop retries 429 / 5xx
 * itself, honouring `Retry-After`, and so sees every status and header. Nothing is read from
 * `OPENAI_*` environment variables and the client never logs.
 *
 * @module
 */
import type { ModelProvider } from '@agent-studio/db/models';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { createSecretScrubber, type SecretScrubber } from '../../mcp/secret-scrubber.js';
import { parseRetryAfter } from '../executors/retry-after.js';
import { StepError } from '../executors/step-error.js';
import type { ChatMessage, TokenUsage, ToolCall } from './chat-message.js';

/** A tool offered to the model (Chat Completions `tools[]`). */
export type ToolDefinition = {
  type: 'function';
  function: { name: string; description: string; parameters: { [key: string]: unknown } };
};

/** One request to the model. */
export interface ModelRequest {
  model: string;
  messages: readonly ChatMessage[];
  tools: readonly ToolDefinition[];
  temperature?: number;
}

/** What one model call returned (plain JSON: the engine stores it as the step's output). */
export type ModelTurn = {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: string;
  usage: TokenUsage;
};

/** Per-call options. */
export interface ModelCallOptions {
  signal: AbortSignal;
  /** Receives each streamed content token. */
  onToken?: (text: string) => void;
}

/**
 * A client bound to one provider.
 *
 * @example
 * const client = createModelClient(provider, { fetch: policyFetch });
 * const turn = await client.complete({ model: 'qwen2.5', messages, tools: [] }, { signal, onToken: process.stdout.write.bind(process.stdout) });
 */
export interface ModelClient {
  /** Streams one completion; throws a `StepError` (or the signal's reason when aborted). */
  complete(request: ModelRequest, options: ModelCallOptions): Promise<ModelTurn>;
  /** Masks the provider's API key and header values in a text. */
  readonly scrub: SecretScrubber;
}

/** What the model client may be given. */
export interface ModelClientDeps {
  /** The fetch every request goes through (the outbound-address policy's); default global fetch. */
  fetch?: typeof fetch;
}

/** A stand-in key for providers without one; its `Authorization` header is removed again below. */
const NO_KEY = 'no-key';

/** The wait a response asks for: OpenAI's `retry-after-ms`, else `Retry-After`. */
function retryAfterOf(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  return Number.isFinite(ms) && ms >= 0 ? ms : parseRetryAfter(headers?.get('retry-after'));
}

/**
 * Maps what the `openai` client throws to the executors' {@link StepError} (`timeout`,
 * `refused`, `rate_limited` with `retryAfterMs`, `http_status` — 5xx and 408 retryable —,
 * `invalid_response`), or to the signal's reason when the caller aborted. Messages are scrubbed.
 */
function toModelStepError(error: unknown, signal: AbortSignal, scrub: SecretScrubber): unknown {
  if (signal.aborted) return signal.reason as unknown;
  if (error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionTimeoutError) return new StepError('timeout', 'the model request timed out', { cause: error });
  if (error instanceof APIConnectionError) {
    return new StepError('refused', scrub(`the model provider could not be reached: ${error.message}`), { cause: error });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status: number = error.status;
    const after = retryAfterOf(error.headers as Headers | undefined);
    const message = scrub(`the model provider answered ${status}: ${error.message}`);
    if (status === 429) return new StepError('rate_limited', message, { status, ...(after === undefined ? {} : { retryAfterMs: after }) });
    return new StepError('http_status', message, {
      status,
      retryable: status >= 500 || status === 408,
      ...(after === undefined ? {} : { retryAfterMs: after }),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StepError('invalid_response', scrub(`the model response could not be read: ${message}`), { cause: error });
}

/**
 * Builds the client of one provider (cheap; make one per agent step).
 *
 * @example
 * const turn = await createModelClient(provider).complete({ model, messages, tools }, { signal });
 */
export function createModelClient(provider: ModelProvider, deps: ModelClientDeps = {}): ModelClient {
  const apiKey = provider.credentials.apiKey;
  const scrub = createSecretScrubber({
    headers: { ...provider.headers, ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
  });
  const client = new OpenAI({
    baseURL: provider.baseUrl,
    apiKey: apiKey || NO_KEY,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: provider.requestTimeoutMs,
    logLevel: 'off',
    defaultHeaders: { ...provider.headers, ...(apiKey ? {} : { Authorization: null }) },
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });

  return {
    scrub,
    async complete(request, { signal, onToken }) {
      signal.throwIfAborted();
      // the client adds an abort listener to the signal it is given and never removes it: give
      // it one per call, so a run's signal does not collect a listener per model call
      const call = new AbortController();
      const abort = () => call.abort(signal.reason);
      signal.addEventListener('abort', abort, { once: true });
      let content = '';
      let sawContent = false;
      let finishReason = 'stop';
      let usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
      const calls: ToolCall[] = [];
      try {
        const stream = await client.chat.completions.create(
          {
            model: request.model,
            messages: request.messages as OpenAI.Chat.ChatCompletionMessageParam[],
            ...(request.tools.length ? { tools: request.tools as OpenAI.Chat.ChatCompletionFunctionTool[] } : {}),
            ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
            stream: true,
            stream_options: { include_usage: true },
          },
          { signal: call.signal },
        );
        for await (const chunk of stream) {
          if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
          const choice = chunk.choices[0];
          if (!choice) continue;
          const delta = choice.delta;
          if (delta?.content) {
            sawContent = true;
            content += delta.content;
            onToken?.(delta.content);
          }
          for (const part of delta?.tool_calls ?? []) {
            const call = (calls[part.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
            if (part.id) call.id = part.id;
            if (part.function?.name) call.function.name += part.function.name;
            if (part.function?.arguments) call.function.arguments += part.function.arguments;
          }
          if (choice.finish_reason) finishReason = choice.finish_reason;
        }
      } catch (e) {
        throw toModelStepError(e, signal, scrub);
      } finally {
        signal.removeEventListener('abort', abort);
      }
      const toolCalls = calls.filter(Boolean).map((call, i) => (call.id ? call : { ...call, id: `call_${i}` }));
      return { content: sawContent ? content : null, toolCalls, finishReason, usage };
    },
  };
}
