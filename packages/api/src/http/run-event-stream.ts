/**
 * A run's events as server-sent events (`text/event-stream`), written with better-sse: one SSE
 * event per run event — `id:` the event id (what `Last-Event-ID` resumes from), `event:` its
 * type, `data:` the event as JSON — a comment line every {@link HEARTBEAT_MS} so proxies keep the
 * connection open, and the end of the response after the run's terminal event.
 *
 * @module
 */
import type { RunEventDto } from '@agent-studio/sdk';
import { createSession } from 'better-sse';
import type { Request, Response } from 'express';

/** How often an idle stream sends a comment line (ms). */
export const HEARTBEAT_MS = 15_000;

/** Options of {@link writeRunEventStream}. */
export interface RunEventStreamOptions {
  /** Extra response headers (e.g. `Location` of the run). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Heartbeat interval (default {@link HEARTBEAT_MS}). */
  readonly heartbeatMs?: number;
}

/**
 * Streams `events` to the client until they end (the run's terminal event) or the client goes
 * away (`events` should stop on the same signal), then ends the response.
 *
 * @example
 * await writeRunEventStream(req, res, watchRun(runtime, runId, { afterId, signal }));
 */
export async function writeRunEventStream(
  req: Request,
  res: Response,
  events: AsyncIterable<RunEventDto>,
  options: RunEventStreamOptions = {},
): Promise<void> {
  const session = await createSession(req, res, {
    keepAlive: options.heartbeatMs ?? HEARTBEAT_MS,
    headers: { ...options.headers },
    // resuming is decided by the route (Last-Event-ID or ?after=), not by the library's counter
    trustClientEventId: false,
  });
  try {
    for await (const event of events) {
      if (!session.isConnected) break;
      session.push(event, event.type, event.id);
    }
  } finally {
    if (!res.writableEnded) res.end();
  }
}
