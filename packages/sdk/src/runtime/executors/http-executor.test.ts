import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonObject, JsonValue } from '@agent-studio/db/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl } from '@agent-studio/test-servers';
import { callFunction, functionRow, stepFailure, type CallOptions } from '../../../test/runtime-test-helpers.js';

/** What the server saw of each request. */
interface Seen {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | undefined>;
  body: string;
}

interface LoopbackHttp {
  origin: string;
  seen: Seen[];
  /** Resolves when the server observes the connection of a /hang request closing, with the time. */
  hangClosed: () => Promise<number>;
  bytesWritten: { big: number };
  close(): Promise<void>;
}

async function startServer(): Promise<LoopbackHttp> {
  const seen: Seen[] = [];
  const bytesWritten = { big: 0 };
  let hangClosedResolve: ((at: number) => void) | undefined;
  let hangClosedPromise = new Promise<number>((resolve) => (hangClosedResolve = resolve));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      query[key] = all.length === 1 ? all[0]! : all;
    }
    const headers = {
      'idempotency-key': req.headers['idempotency-key'] as string | undefined,
      'user-agent': req.headers['user-agent'],
      'content-type': req.headers['content-type'],
      'x-api-key': req.headers['x-api-key'] as string | undefined,
    };
    const entry: Seen = { method: req.method ?? '', path: url.pathname, query, headers, body: Buffer.concat(chunks).toString('utf8') };
    seen.push(entry);
    const [, route, arg] = url.pathname.split('/');
    switch (route) {
      case 'echo':
      case 'orders':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(entry));
        return;
      case 'text':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
        return;
      case 'problem-json':
        res.writeHead(200, { 'content-type': 'application/problem+json' }).end('{"title":"ok"}');
        return;
      case 'empty':
        res.writeHead(204).end();
        return;
      case 'bad-json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"unterminated');
        return;
      case 'big': {
        // chunked, no content-length: the client must stop reading by itself
        res.writeHead(200, { 'content-type': 'text/plain' });
        const total = Number(arg);
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = (): void => {
          while (bytesWritten.big < total) {
            const piece = chunk.subarray(0, Math.min(chunk.length, total - bytesWritten.big));
            bytesWritten.big += piece.length;
            if (!res.write(piece)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('error', () => undefined);
        pump();
        return;
      }
      case 'declared-big':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(2 * 1024 * 1024) });
        res.write('a');
        return; // never finishes: the client must refuse from the header alone
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        const retryAfter = url.searchParams.get('retry-after');
        if (retryAfter) headers['retry-after'] = retryAfter;
        res.writeHead(Number(arg), headers).end('secret-body-token');
        return;
      }
      case 'redirect': {
        const left = Number(arg);
        const to = url.searchParams.get('to') ?? '/echo';
        const code = Number(url.searchParams.get('code') ?? 302);
        res.writeHead(code, { location: left > 0 ? `/redirect/${left - 1}?to=${encodeURIComponent(to)}&code=${code}` : to }).end();
        return;
      }
      case 'hang':
        res.on('close', () => {
          const resolve = hangClosedResolve;
          hangClosedPromise = new Promise<number>((r) => (hangClosedResolve = r));
          resolve?.(performance.now());
        });
        return; // never answers
      default:
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    hangClosed: () => hangClosedPromise,
    bytesWritten,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let server: LoopbackHttp;
let other: LoopbackHttp;
beforeAll(async () => {
  [server, other] = await Promise.all([startServer(), startServer()]);
});
afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});

/** A fetch that records every URL it is asked for (as an outbound policy would see them). */
function recordingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(input instanceof URL ? input.href : typeof input === 'string' ? input : input.url);
      return fetch(input, init);
    },
  };
}

function call(config: JsonObject, args: JsonValue, options: CallOptions = {}): Promise<JsonValue> {
  return callFunction(functionRow('http', config), args, options);
}

const failure = stepFailure;

describe('http executor: request', () => {
  it('GET sends args as the query string, with Idempotency-Key and User-Agent', async () => {
    const result = (await call({ url: `${server.origin}/echo`, method: 'GET' }, { q: 'a b&c', n: 3, on: true, tags: ['x', 'y'], obj: { k: 1 }, skip: null })) as unknown as Seen;
    expect(result.method).toBe('GET');
    expect(result.query).toEqual({ q: 'a b&c', n: '3', on: 'true', tags: ['x', 'y'], obj: '{"k":1}' });
    expect(result.headers['idempotency-key']).toBe('run-1:node-a');
    expect(result.headers['user-agent']).toBe('agent-studio');
    expect(result.body).toBe('');
  });

  it('fills {placeholders} in the URL (encoded) and leaves them out of the query', async () => {
    const result = (await call({ url: `${server.origin}/orders/{id}`, method: 'DELETE' }, { id: 'a/b c', force: true })) as unknown as Seen;
    expect(result.method).toBe('DELETE');
    expect(result.path).toBe('/orders/a%2Fb%20c');
    expect(result.query).toEqual({ force: 'true' });
  });

  it.each(['POST', 'PUT', 'PATCH'] as const)('%s sends args as a JSON body with the configured headers', async (method) => {
    const result = (await call(
      { url: `${server.origin}/orders/{id}`, method, headers: { 'X-Api-Key': 'k-123' } },
      { id: 9, items: [{ sku: 'a', qty: 2 }] },
    )) as unknown as Seen;
    expect(result.method).toBe(method);
    expect(result.path).toBe('/orders/9');
    expect(result.headers['content-type']).toBe('application/json');
    expect(result.headers['x-api-key']).toBe('k-123');
    expect(result.headers['idempotency-key']).toBe('run-1:node-a');
    expect(JSON.parse(result.body)).toEqual({ items: [{ sku: 'a', qty: 2 }] });
  });

  it('a missing placeholder argument, non-object GET args or a bad config are invalid_input', async () => {
    expect((await failure(call({ url: `${server.origin}/orders/{id}`, method: 'GET' }, {}))).code).toBe('invalid_input');
    expect((await failure(call({ url: `${server.origin}/echo`, method: 'GET' }, [1, 2]))).code).toBe('invalid_input');
    const bad = await failure(call({ url: 'ftp://x', method: 'GET' }, {}));
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toMatch(/config\.url/);
  });
});

describe('http executor: response', () => {
  it('parses JSON (also +json types), returns text as text, and an empty body as null', async () => {
    expect(await call({ url: `${server.origin}/text`, method: 'GET' }, {})).toBe('hello');
    expect(await call({ url: `${server.origin}/problem-json`, method: 'GET' }, {})).toEqual({ title: 'ok' });
    expect(await call({ url: `${server.origin}/empty`, method: 'POST' }, {})).toBeNull();
  });

  it('JSON that does not parse is invalid_response', async () => {
    const error = await failure(call({ url: `${server.origin}/bad-json`, method: 'GET' }, {}));
    expect(error.code).toBe('invalid_response');
    expect(error.retryable).toBe(false);
  });

  it('stops reading past the size cap (default 1 MiB): too_large', async () => {
    expect(await call({ url: `${server.origin}/big/${1024 * 1024}`, method: 'GET' }, {})).toHaveLength(1024 * 1024);
    server.bytesWritten.big = 0;
    const error = await failure(call({ url: `${server.origin}/big/${64 * 1024 * 1024}`, method: 'GET' }, {}));
    expect(error.code).toBe('too_large');
    expect(error.retryable).toBe(false);
    // the client cancelled the stream: the server could not write anything near 64 MiB
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.bytesWritten.big).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading, and honours maxResponseBytes', async () => {
    expect((await failure(call({ url: `${server.origin}/declared-big`, method: 'GET' }, {}, { timeoutMs: 2_000 }))).code).toBe('too_large');
    const small = await failure(call({ url: `${server.origin}/text`, method: 'GET' }, {}, { deps: { maxResponseBytes: 3 } }));
    expect(small.code).toBe('too_large');
  });
});

describe('http executor: failures', () => {
  it.each([
    [500, 'http_status', true],
    [503, 'http_status', true],
    [408, 'http_status', true],
    [404, 'http_status', false],
    [401, 'http_status', false],
    [422, 'http_status', false],
  ])('HTTP %i → %s, retryable %s; the message names status and origin only', async (status, code, retryable) => {
    const error = await failure(call({ url: `${server.origin}/status/${status}?token=secret-q`, method: 'GET' }, {}));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toBe(`HTTP ${status} from ${server.origin}/status/${status}`);
    expect(JSON.stringify(error)).not.toMatch(/secret/);
  });

  it('429 → rate_limited with retryAfterMs from Retry-After (seconds or HTTP date)', async () => {
    const seconds = await failure(call({ url: `${server.origin}/status/429?retry-after=3`, method: 'GET' }, {}));
    expect(seconds).toMatchObject({ code: 'rate_limited', retryable: true, status: 429, retryAfterMs: 3_000 });
    const date = new Date(Date.now() + 10_000).toUTCString();
    const dated = await failure(call({ url: `${server.origin}/status/429?retry-after=${encodeURIComponent(date)}`, method: 'GET' }, {}));
    expect(dated.retryAfterMs).toBeGreaterThan(7_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(10_000);
    const none = await failure(call({ url: `${server.origin}/status/429`, method: 'GET' }, {}));
    expect(none.retryAfterMs).toBeUndefined();
    expect((await failure(call({ url: `${server.origin}/status/503?retry-after=2`, method: 'GET' }, {}))).retryAfterMs).toBe(2_000);
  });

  it('a closed port is refused, with nothing but "refused" in the message', async () => {
    const url = (await closedPortUrl()).replace('/mcp', '/x');
    const error = await failure(call({ url, method: 'GET' }, {}));
    expect(error.code).toBe('refused');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('could not reach the server');
  });

  it('times out after timeoutMs and the server sees the connection closed', async () => {
    const closed = server.hangClosed();
    const started = performance.now();
    const error = await failure(call({ url: `${server.origin}/hang`, method: 'GET' }, {}, { timeoutMs: 200 }));
    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect((await closed) - started).toBeLessThan(1_500);
  });

  it('an abort mid-request is cancelled and the server observes the close within 1 s', async () => {
    const controller = new AbortController();
    const closed = server.hangClosed();
    const pending = failure(call({ url: `${server.origin}/hang`, method: 'POST' }, { a: 1 }, { signal: controller.signal, timeoutMs: 30_000 }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const abortedAt = performance.now();
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('cancelled');
    expect(error.retryable).toBe(false);
    expect((await closed) - abortedAt).toBeLessThan(1_000);
  });

  it('an already aborted signal sends nothing', async () => {
    const before = server.seen.length;
    const error = await failure(call({ url: `${server.origin}/echo`, method: 'GET' }, {}, { signal: AbortSignal.abort() }));
    expect(error.code).toBe('cancelled');
    expect(server.seen.length).toBe(before);
  });
});

describe('http executor: redirects', () => {
  it('follows up to 5 redirects, each through the given fetch', async () => {
    const recorder = recordingFetch();
    const result = (await call({ url: `${server.origin}/redirect/4`, method: 'GET' }, { q: 1 }, { deps: { fetch: recorder.fetch } })) as unknown as Seen;
    expect(result.path).toBe('/echo');
    expect(recorder.urls).toHaveLength(6);
    expect(recorder.urls[0]).toBe(`${server.origin}/redirect/4?q=1`);
    expect(recorder.urls[5]).toBe(`${server.origin}/echo`);
  });

  it('more than 5 redirects is a non-retryable http_status', async () => {
    const error = await failure(call({ url: `${server.origin}/redirect/5`, method: 'GET' }, {}));
    expect(error.code).toBe('http_status');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/more than 5 redirects/);
  });

  it('303 turns a POST into a GET without body; 307 keeps method and body', async () => {
    const see = (await call({ url: `${server.origin}/redirect/0?code=303`, method: 'POST' }, { a: 1 })) as unknown as Seen;
    expect(see).toMatchObject({ method: 'GET', body: '' });
    const temp = (await call({ url: `${server.origin}/redirect/0?code=307`, method: 'POST' }, { a: 1 })) as unknown as Seen;
    expect(temp.method).toBe('POST');
    expect(JSON.parse(temp.body)).toEqual({ a: 1 });
    expect(temp.headers['idempotency-key']).toBe('run-1:node-a');
  });

  it('drops the function headers on a redirect to another origin', async () => {
    const to = `${other.origin}/echo`;
    const result = (await call(
      { url: `${server.origin}/redirect/0?to=${encodeURIComponent(to)}`, method: 'GET', headers: { 'X-Api-Key': 'k-123' } },
      {},
    )) as unknown as Seen;
    expect(other.seen.at(-1)?.path).toBe('/echo');
    expect(result.headers['x-api-key']).toBeUndefined();
    expect(result.headers['idempotency-key']).toBe('run-1:node-a');
  });
});
