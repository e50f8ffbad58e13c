/**
 * An agent node (or a deployed agent) inside a run: the agent loop with the engine as its host —
 * every model call and tool call is a checkpointed sub-step (`<nodeId>/model#2`,
 * `<nodeId>/tool#1:<call id>`) with its tokens, streamed tokens become `token` events, and a run
 * resumed after a crash replays the finished sub-steps instead of calling the model again.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { withSpan } from '@agent-studio/db/tracing';
import { tell, type RunObserver } from './run-observer.js';
import type { Agent, JsonValue, McpServer, ModelProvider, StudioFunction } from '@agent-studio/db/models';
import { appendTokenEvent } from './append-run-event.js';
import { messagesFromInput, runAgentLoop, type AgentLoopHost } from './agent/index.js';
import type { ChatMessage } from './agent/chat-message.js';
import { outboundFetchFor } from '../outbound/default-outbound-policy.js';
import { executeFunction, type ExecutorDeps } from './executors/function-call.js';
import { toStepError } from './executors/step-error.js';
import { finishStep, startStep, type StepCheckpoint } from './run-checkpoints.js';
import type { RuntimeDatabase } from './runtime-database.js';

/** What the engine loaded for one agent. */
export interface LoadedAgent {
  readonly agent: Agent;
  readonly provider: ModelProvider;
  readonly functions: readonly StudioFunction[];
  readonly servers: ReadonlyMap<string, McpServer>;
}

/** What an agent node runs with. */
export interface AgentNodeContext {
  readonly db: RuntimeDatabase;
  readonly runId: string;
  readonly workerId: string;
  readonly nodeId: string;
  readonly signal: AbortSignal;
  readonly deps: ExecutorDeps;
  /** The run's checkpoints (latest attempt per step key). */
  readonly checkpoints: ReadonlyMap<string, StepCheckpoint>;
  /** Attempts per step key so far (updated). */
  readonly attempts: Map<string, number>;
  /** Per tool call timeout. */
  readonly toolTimeoutMs: number;
  /** A thread's conversation so far (a deployed agent's turn): it comes before the run's messages. */
  readonly history?: readonly ChatMessage[];
  /** Told each sub-step's end and each model call (metrics). */
  readonly observer?: RunObserver;
}

const TOKEN_FLUSH_MS = 50;

/**
 * The step key of the sub-step running in the current async context (token events and tool
 * idempotency keys need it; parallel tool calls each run in their own). ONE instance for the
 * process: Node keeps every `AsyncLocalStorage` ever enabled and propagates each new promise
 * through all of them, so one per node made every later promise slower (≈ 4 ms per model call
 * after a few hundred nodes).
 */
const currentStepKey = new AsyncLocalStorage<string>();

/**
 * The messages an agent starts from: `{ messages: [...] }` as given, anything else as the user's
 * message (see `messagesFromInput`).
 *
 * @example
 * agentMessages({ messages: [{ role: 'user', content: 'hi' }] });
 */
export function agentMessages(input: JsonValue): ChatMessage[] {
  if (input !== null && typeof input === 'object' && !Array.isArray(input) && Array.isArray(input.messages)) {
    return messagesFromInput(input.messages);
  }
  return messagesFromInput(input);
}

/**
 * The node's output from the agent's answer: a JSON object or array answer parsed (so a
 * condition can read `output.priority`), any other answer as text.
 *
 * @example
 * agentOutput('{"priority":"high"}'); // { priority: 'high' }
 * agentOutput('Hello');               // 'Hello'
 */
export function agentOutput(answer: string): JsonValue {
  const text = answer.trim();
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      return answer;
    }
  }
  return answer;
}

/**
 * Runs the agent loop for one node with checkpointed sub-steps; resolves to the node's output
 * (`agentOutput(answer)`), throws the loop's `AgentLoopError` or a step error.
 *
 * @example
 * const output = await runAgentNode(ctx, loaded, input);
 */
export async function runAgentNode(ctx: AgentNodeContext, loaded: LoadedAgent, input: JsonValue): Promise<JsonValue> {
  // streamed tokens are batched (one `token` event per TOKEN_FLUSH_MS) under the step that emitted them
  let pending = '';
  let pendingKey = ctx.nodeId;
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (!pending) return;
    const text = pending;
    const stepKey = pendingKey;
    pending = '';
    flushing = flushing.then(() => appendTokenEvent(ctx.db, ctx.runId, stepKey, text).catch(() => undefined));
  };
  /** The text still pending for `stepKey` (taken: the step's finish writes it); another step's is flushed. */
  const takeTokens = async (stepKey: string): Promise<{ tokens?: string }> => {
    let taken: { tokens?: string } = {};
    if (pending && pendingKey === stepKey) {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      taken = { tokens: pending };
      pending = '';
    } else {
      flush();
    }
    await flushing;
    return taken;
  };

  const host: AgentLoopHost = {
    signal: ctx.signal,
    async step(key, meta, fn) {
      const stepKey = `${ctx.nodeId}/${key}`;
      const done = ctx.checkpoints.get(stepKey);
      if (done?.status === 'succeeded') return done.output as never;
      const attempt = (ctx.attempts.get(stepKey) ?? 0) + 1;
      ctx.attempts.set(stepKey, attempt);
      // a span per model call (`chat <provider/model>`) and tool call (`execute_tool <name>`), inside the node's step span
      const model = meta.kind === 'model_call';
      const attributes = {
        'run.id': ctx.runId, 'step.node_id': ctx.nodeId, 'step.key': stepKey, 'step.kind': meta.kind, 'step.attempt': attempt,
        'gen_ai.operation.name': model ? 'chat' : 'execute_tool',
        ...(model ? { 'gen_ai.provider.name': loaded.provider.name, 'gen_ai.request.model': meta.name } : { 'gen_ai.tool.name': meta.name }),
      };
      return withSpan(`${model ? 'chat' : 'execute_tool'} ${meta.name}`, { attributes }, async (span) => {
        const stepId = await startStep(ctx.db, {
          runId: ctx.runId, workerId: ctx.workerId, nodeId: ctx.nodeId, stepKey, kind: meta.kind, attempt, input: meta.input,
          ...(model ? { agentId: loaded.agent.id } : {}),
        });
        const began = performance.now();
        try {
          const result = await currentStepKey.run(stepKey, fn);
          await finishStep(ctx.db, {
            ...(await takeTokens(stepKey)),
            runId: ctx.runId, workerId: ctx.workerId, stepId, stepKey, status: 'succeeded', output: result.output,
            ...(result.usage ? { tokensIn: result.usage.inputTokens, tokensOut: result.usage.outputTokens } : {}),
            ...(result.finishReason ? { finishReason: result.finishReason } : {}),
            event: 'step.succeeded',
            eventData: { nodeId: ctx.nodeId, kind: meta.kind, name: meta.name, attempt, ...(result.usage ? { usage: result.usage } : {}) },
          });
          span?.setAttributes({
            ...(result.usage ? { 'gen_ai.usage.input_tokens': result.usage.inputTokens, 'gen_ai.usage.output_tokens': result.usage.outputTokens } : {}),
            ...(result.finishReason ? { 'gen_ai.response.finish_reasons': [result.finishReason] } : {}),
          });
          tell(ctx.observer, 'onStepFinished', { kind: meta.kind, outcome: 'succeeded', durationMs: performance.now() - began });
          if (model) {
            tell(ctx.observer, 'onModelCall', {
              provider: loaded.provider.name, inputTokens: result.usage?.inputTokens ?? 0, outputTokens: result.usage?.outputTokens ?? 0,
            });
          }
          return result.output;
        } catch (e) {
          const error = toStepError(e, ctx.signal);
          await finishStep(ctx.db, {
            ...(await takeTokens(stepKey)),
            runId: ctx.runId, workerId: ctx.workerId, stepId, stepKey, status: ctx.signal.aborted ? 'cancelled' : 'failed', error: error.toJSON(),
            event: 'step.failed', eventData: { nodeId: ctx.nodeId, kind: meta.kind, name: meta.name, attempt, error: error.toJSON() },
          }).catch(() => undefined);
          tell(ctx.observer, 'onStepFinished', { kind: meta.kind, outcome: ctx.signal.aborted ? 'cancelled' : 'failed', durationMs: performance.now() - began });
          throw e;
        }
      });
    },
    emitToken(text) {
      const key = currentStepKey.getStore() ?? ctx.nodeId;
      if (pending && key !== pendingKey) flush();
      pendingKey = key;
      pending += text;
      flushTimer ??= setTimeout(flush, TOKEN_FLUSH_MS);
    },
    callFunction(fn, args, signal) {
      const key = currentStepKey.getStore() ?? ctx.nodeId;
      return executeFunction(
        { fn, mcpServer: fn.mcpServerId ? (loaded.servers.get(fn.mcpServerId) ?? null) : null, args, signal, timeoutMs: ctx.toolTimeoutMs, idempotencyKey: `${ctx.runId}:${key}` },
        ctx.deps,
      );
    },
  };
  try {
    const result = await runAgentLoop(
      { agent: loaded.agent, provider: loaded.provider, functions: [...loaded.functions], messages: [...(ctx.history ?? []), ...agentMessages(input)] },
      host,
      // model requests go through the outbound policy, as every executor's (function-call.ts)
      { fetch: ctx.deps.fetch ?? outboundFetchFor() },
    );
    return agentOutput(result.answer);
  } finally {
    flush();
    await flushing;
  }
}
