/**
 * A scripted OpenAI-compatible model server on loopback (127.0.0.1, port 0) for the agent loop
 * tests: real HTTP speaking the real Chat Completions wire format (`POST <base>/chat/completions`,
 * a JSON `chat.completion`, or with `stream: true` Server-Sent Events of `chat.completion.chunk`
 * with `tool_calls` deltas, a final usage chunk when `stream_options.include_usage` is set, and
 * `data: [DONE]`). Each request consumes the next scripted turn; every request body is recorded.
 *
 * Lives in @agent-studio/test-servers (`@agent-studio/test-servers/scripted-model-server`).
 *
 * @module
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted tool call. `arguments` is sent verbatim when a string (so it may be malformed JSON). */
export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** Token counts the server reports (default: a rough count of characters / 4). */
export interface ScriptedUsage {
  promptTokens: number;
  completionTokens: number;
}

/**
 * What the server does for one request.
 *
 * @example
 * const turns: ScriptedTurn[] = [
 *   { kind: 'tool_calls', calls: [{ name: 'weather', arguments: { city: 'Oslo' } }] },
 *   { kind: 'status', status: 429, retryAfter: '1' },
 *   { kind: 'text', text: 'It is sunny.', chunks: ['It is ', 'sunny.'] },
 *   { kind: 'hang' },
 * ];
 */
export type ScriptedTurn =
  | { kind: 'text'; text: string; chunks?: string[]; usage?: ScriptedUsage; delayMs?: number }
  | { kind: 'tool_calls'; calls: ScriptedToolCall[]; text?: string; usage?: ScriptedUsage; delayMs?: number }
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  | { kind: 'hang' };

/** A request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (`undefined` when it was not JSON). */
  body: ChatCompletionRequestBody;
  /** The turn that answered it (`undefined` when the script was exhausted). */
  turn: ScriptedTurn | undefined;
}

/** The fields of a Chat Completions request the tests look at (the rest is kept as sent). */
export interface ChatCompletionRequestBody {
  model?: string;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  messages?: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
  [key: string]: unknown;
}

/** A hanging request: when it started and when the client closed its connection. */
export interface HangRecord {
  startedAt: number;
  /** `undefined` while the connection is open. */
  closedAt: number | undefined;
  /** Resolves with the close time when the client disconnects. */
  closed: Promise<number>;
}

/**
 * A running scripted server.
 *
 * @example
 * const server = await startScriptedModelServer([{ kind: 'text', text: 'hi' }]);
 * try { ...; expect(server.requests[0]!.body.model).toBe('qwen2.5'); } finally { await server.close(); }
 */
export interface ScriptedModelServer {
  /** The base URL to configure (`http://127.0.0.1:<port>/v1`). */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every hanging request, in order. */
  readonly hangs: HangRecord[];
  /** Appends turns to the script. */
  push(...turns: ScriptedTurn[]): void;
  /** Turns not consumed yet. */
  remaining(): number;
  /** Stops the server and ends every connection. Idempotent. */
  close(): Promise<void>;
}

/** A rough token count, good enough for usage figures. */
function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The wire form of scripted tool calls. */
function wireToolCalls(calls: ScriptedToolCall[], counter: () => number) {
  return calls.map((call) => ({
    id: call.id ?? `call_${counter()}`,
    type: 'function' as const,
    function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
  }));
}

function usageOf(turn: { usage?: ScriptedUsage }, body: ChatCompletionRequestBody, completionText: string) {
  const prompt = turn.usage?.promptTokens ?? roughTokens(JSON.stringify(body.messages ?? []));
  const completion = turn.usage?.completionTokens ?? roughTokens(completionText);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * Starts a scripted OpenAI-compatible server. `script` is a list of turns consumed one per
 * request (more can be `push`ed); when it runs out the server answers 500
 * `{"error":{"message":"script exhausted"}}`, so a test that calls too often fails visibly.
 *
 * @example
 * const server = await startScriptedModelServer([
 *   { kind: 'tool_calls', calls: [{ id: 'call_1', name: 'echo', arguments: { text: 'hi' } }] },
 *   { kind: 'text', text: 'Done.' },
 * ]);
 */
export async function startScriptedModelServer(script: ScriptedTurn[] = []): Promise<ScriptedModelServer> {
  const queue = [...script];
  const requests: RecordedRequest[] = [];
  const hangs: HangRecord[] = [];
  const sockets = new Set<Socket>();
  let ids = 0;
  const nextId = (): number => (ids += 1);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: ChatCompletionRequestBody;
    try {
      body = JSON.parse(raw) as ChatCompletionRequestBody;
    } catch {
      body = {};
    }
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const turn = queue.shift();
    requests.push({ method: req.method, path, headers: req.headers, body, turn });
    if (!turn) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'script exhausted' } }));
      return;
    }
    if (turn.kind === 'hang') {
      let resolveClosed!: (at: number) => void;
      const record: HangRecord = { startedAt: Date.now(), closedAt: undefined, closed: new Promise((r) => (resolveClosed = r)) };
      hangs.push(record);
      res.on('close', () => {
        record.closedAt = Date.now();
        resolveClosed(record.closedAt);
      });
      return; // never answers
    }
    if (turn.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (turn.retryAfter !== undefined) headers['retry-after'] = turn.retryAfter;
      const payload = turn.body ?? { error: { message: `scripted status ${turn.status}`, type: 'scripted', code: null } };
      res.writeHead(turn.status, headers).end(JSON.stringify(payload));
      return;
    }
    if (turn.delayMs) await sleep(turn.delayMs);
    const id = `chatcmpl-${nextId()}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'scripted';
    const text = turn.kind === 'text' ? turn.text : (turn.text ?? '');
    const toolCalls = turn.kind === 'tool_calls' ? wireToolCalls(turn.calls, nextId) : [];
    const finishReason = toolCalls.length ? 'tool_calls' : 'stop';
    const usage = usageOf(turn, body, text + JSON.stringify(toolCalls));

    if (!body.stream) {
      const message: Record<string, unknown> = { role: 'assistant', content: text === '' && toolCalls.length ? null : text, refusal: null };
      if (toolCalls.length) message.tool_calls = toolCalls;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
          usage,
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (choices: unknown[], extra: Record<string, unknown> = {}): void => {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`);
    };
    send([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
    const chunks = turn.kind === 'text' && turn.chunks ? turn.chunks : text ? [text] : [];
    for (const chunk of chunks) send([{ index: 0, delta: { content: chunk }, logprobs: null, finish_reason: null }]);
    toolCalls.forEach((call, index) => {
      const args = call.function.arguments;
      const half = Math.ceil(args.length / 2);
      // first delta: id, type, name; then the arguments in two fragments, as real servers split them
      send([{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }]);
      for (const fragment of [args.slice(0, half), args.slice(half)]) {
        if (fragment) send([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: fragment } }] }, finish_reason: null }]);
      }
    });
    send([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]);
    if (body.stream_options?.include_usage) send([], { usage });
    res.end('data: [DONE]\n\n');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(e) } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    hangs,
    push: (...turns) => void queue.push(...turns),
    remaining: () => queue.length,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
