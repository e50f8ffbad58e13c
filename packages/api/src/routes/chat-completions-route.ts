/**
 * `POST /deployments/:id/chat/completions`: a deployed agent behind the OpenAI Chat Completions
 * wire format, so the official `openai` client (or LibreChat, or any OpenAI-compatible tool) can
 * use it by setting its base URL to `/api/v1/deployments/<id>`. Each request is a run of the
 * deployment (invoked with `{ messages }`, exactly like `POST /deployments/:id/runs`); the answer
 * is the run's answer, `stream: true` sends its token events as `chat.completion.chunk`s. A
 * `thread_id` body field (or `X-Thread-Id` header) continues a thread: send only the new messages.
 *
 * @module
 */
import { RunsService, jsonValueSchema, threadKeySchema, type RunDto } from '@agent-studio/sdk';
import { waitForRun, watchRun, type RuntimeDatabase } from '@agent-studio/sdk/runtime';
import { z } from 'zod';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { idParams } from './route-helpers.js';

/** How long a non-streaming completion waits for its run. */
const COMPLETION_TIMEOUT_MS = 300_000;

const messageSchema = z
  .object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: z.string().max(1_000_000).nullable().optional(),
    tool_calls: z.array(jsonValueSchema).optional(),
    tool_call_id: z.string().optional(),
  })
  .describe('A Chat Completions message.');

/** The request body: OpenAI's, of which `messages`, `stream` and `stream_options` are used. */
export const chatCompletionRequestSchema = z
  .object({
    model: z.string().max(200).optional().describe('Ignored: the deployment decides the model.'),
    messages: z.array(messageSchema).min(1).max(500),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
    thread_id: threadKeySchema
      .optional()
      .describe(
        "Agent Studio's extension: the thread this chat continues (send only the new messages; the thread's history comes first). Also accepted as the X-Thread-Id header.",
      ),
  })
  .describe('An OpenAI Chat Completions request.');

/**
 * The thread of a completion: `body.thread_id` or the `X-Thread-Id` header (OpenAI clients send
 * either: `extra_body` / an extra body field, or `defaultHeaders`); both, differing, is a 422.
 *
 * @example
 * threadIdOf('chat-1', undefined); // 'chat-1'
 */
export function threadIdOf(fromBody: string | undefined, fromHeader: string | undefined): string | undefined {
  if (fromBody !== undefined && fromHeader !== undefined && fromBody !== fromHeader) {
    throw new HttpProblem(422, 'The X-Thread-Id header and body.thread_id differ.', {
      extras: { errors: [{ path: 'headers.x-thread-id', message: 'must equal body.thread_id when both are sent' }] },
    });
  }
  if (fromBody !== undefined || fromHeader === undefined) return fromBody;
  const parsed = threadKeySchema.safeParse(fromHeader);
  if (!parsed.success) {
    throw new HttpProblem(422, 'The X-Thread-Id header is not a valid thread id.', {
      extras: { errors: [{ path: 'headers.x-thread-id', message: parsed.error.issues[0]?.message ?? 'invalid' }] },
    });
  }
  return parsed.data;
}

/** The non-streaming answer: OpenAI's `chat.completion`. */
export const chatCompletionSchema = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int(),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({ role: z.literal('assistant'), content: z.string() }),
        finish_reason: z.string(),
      }),
    ),
    usage: z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() }),
  })
  .describe('An OpenAI chat.completion.');

function answerText(run: RunDto): string {
  return typeof run.output === 'string' ? run.output : JSON.stringify(run.output ?? '');
}

function runFailed(run: RunDto): HttpProblem {
  const message = run.error ?? `the run ended ${run.status}`;
  return new HttpProblem(502, `The agent's run ${run.id} ended ${run.status}: ${message}`, {
    // `error` is what OpenAI clients read
    extras: { runId: run.id, reason: run.reason, error: { message, type: 'run_failed', code: run.reason ?? run.status } },
  });
}

async function usageOf(runtime: RuntimeDatabase, runId: string): Promise<{ prompt_tokens: number; completion_tokens: number; total_tokens: number }> {
  const session = runtime.openSession();
  try {
    const u = await RunsService.getRunUsage(session, runId);
    return { prompt_tokens: u.inputTokens, completion_tokens: u.outputTokens, total_tokens: u.inputTokens + u.outputTokens };
  } finally {
    await session.close();
  }
}

/**
 * The Chat Completions route over `runtime`.
 *
 * @example
 * const routes = [chatCompletionsRoute(runtime)];
 */
export function chatCompletionsRoute(runtime: RuntimeDatabase): RouteSpec {
  return defineRoute({
    method: 'post',
    path: '/deployments/:id/chat/completions',
    operationId: 'createChatCompletion',
    tag: 'runs',
    summary:
      'OpenAI-compatible Chat Completions for a deployed agent (its own key or an admin key); stream: true answers chat.completion.chunk server-sent events ending with [DONE]',
    params: idParams,
    body: chatCompletionRequestSchema,
    response: chatCompletionSchema,
    status: 200,
    auth: 'invoke',
    errors: [502, 504],
    handler: async ({ req, session, params, body }) => {
      const threadId = threadIdOf(body.thread_id, req.get('x-thread-id'));
      const { run } = await RunsService.invoke(session, params.id, { messages: body.messages, ...(threadId !== undefined ? { threadId } : {}) });
      const threadHeader: Record<string, string> = threadId !== undefined ? { 'X-Thread-Id': threadId } : {};
      const id = `chatcmpl-${run.id}`;
      const model = body.model ?? 'agent';
      const created = Math.floor(Date.now() / 1000);
      if (body.stream) {
        return {
          stream: async ({ res, signal }) => {
            res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Run-Id': run.id, ...threadHeader });
            res.flushHeaders();
            const chunk = (delta: object, finish: string | null) =>
              res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
            chunk({ role: 'assistant', content: '' }, null);
            let last: string | undefined;
            for await (const event of watchRun(runtime, run.id, { signal })) {
              if (event.type === 'token') chunk({ content: (event.data as { text?: string }).text ?? '' }, null);
              last = event.type;
            }
            if (signal.aborted) return void res.end();
            if (last === 'run.succeeded') {
              chunk({}, 'stop');
              if (body.stream_options?.include_usage) {
                res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: await usageOf(runtime, run.id) })}\n\n`);
              }
            } else {
              res.write(`data: ${JSON.stringify({ error: { message: `the agent's run ended ${last ?? 'unexpectedly'}`, type: 'run_failed' } })}\n\n`);
            }
            res.end('data: [DONE]\n\n');
          },
        };
      }
      return {
        afterCommit: async ({ signal }) => {
          const finished = await waitForRun(runtime, run.id, { timeoutMs: COMPLETION_TIMEOUT_MS, signal });
          if (!finished) throw new HttpProblem(504, `The agent's run ${run.id} did not finish in time.`, { extras: { runId: run.id } });
          if (finished.status !== 'succeeded') throw runFailed(finished);
          return {
            status: 200,
            headers: { 'X-Run-Id': run.id, ...threadHeader },
            body: {
              id,
              object: 'chat.completion' as const,
              created,
              model,
              choices: [{ index: 0, message: { role: 'assistant' as const, content: answerText(finished) }, finish_reason: 'stop' }],
              usage: await usageOf(runtime, run.id),
            },
          };
        },
      };
    },
  });
}
