/**
 * A server-sent-events client for the tests: `fetch` against a listening app, parsed with
 * eventsource-parser, stopping after the stream ends or when `stopAfter` events arrived (then
 * the connection is dropped, as a client that goes away).
 *
 * @example
 * const stream = await readEventStream(`${base}/api/v1/runs/${id}/events`, { headers: auth });
 * expect(stream.events.at(-1)?.event).toBe('run.succeeded');
 *
 * @module
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** What {@link readEventStream} read. */
export interface ReadStream {
  readonly status: number;
  readonly headers: Headers;
  /** The events, in order. */
  readonly events: EventSourceMessage[];
  /** Comment lines (heartbeats). */
  readonly comments: string[];
  /** True when the server ended the stream (false when we dropped it after `stopAfter`). */
  readonly endedByServer: boolean;
  /** The body, when the answer was not an event stream (a problem document). */
  readonly text: string;
}

/** Options of {@link readEventStream}. */
export interface ReadStreamOptions {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Drop the connection after this many events. */
  readonly stopAfter?: number;
  /** Give up (and fail) after this long; default 20 s. */
  readonly timeoutMs?: number;
}

/**
 * Reads an event stream from `url`.
 *
 * @example
 * const first = await readEventStream(url, { headers: auth, stopAfter: 2 });
 */
export async function readEventStream(url: string, options: ReadStreamOptions = {}): Promise<ReadStream> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('event stream timed out')), options.timeoutMs ?? 20_000);
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  try {
    const res = await fetch(url, {
      method: options.method ?? 'GET',
      headers: {
        Accept: 'text/event-stream',
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
    });
    if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
      return { status: res.status, headers: res.headers, events, comments, endedByServer: true, text: await res.text() };
    }
    const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (done) return { status: res.status, headers: res.headers, events, comments, endedByServer: true, text: '' };
      parser.feed(decoder.decode(value, { stream: true }));
      if (options.stopAfter !== undefined && events.length >= options.stopAfter) {
        await reader.cancel(); // the client goes away mid-stream
        return { status: res.status, headers: res.headers, events: events.slice(0, options.stopAfter), comments, endedByServer: false, text: '' };
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
