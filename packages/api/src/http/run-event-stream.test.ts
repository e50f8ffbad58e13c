/**
 * The event-stream writer over a real socket: SSE framing (id, event, data), heartbeats while
 * idle, the end of the response after the last event, and a client that leaves stopping the
 * watch behind the stream.
 */
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import type { RunEventDto } from '@agent-studio/sdk';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../../test/listen-on-loopback.js';
import { readEventStream } from '../../test/sse-client.js';
import { withRequestSession } from '../session/request-session.js';
import { writeRunEventStream } from './run-event-stream.js';

const runId = '3f2c1b6e-0000-4000-8000-000000000001';
const event = (id: number, type: string, stepKey: string | null = null): RunEventDto => ({
  id: String(id),
  runId,
  type,
  stepKey,
  data: { n: id },
  createdAt: new Date(Date.UTC(2026, 11, 1, 10, 0, 0, id)).toISOString(),
});
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

let engine: TestEngine;
let base: string;
let close: () => Promise<void>;
let watchEnded: Promise<unknown>;
let markWatchEnded: () => void;

beforeAll(async () => {
  engine = await createTestEngine();
  const app = express();
  // a finite watch: two events, an idle pause (heartbeats), the terminal event
  app.get(
    '/finite',
    withRequestSession(engine, () =>
      Promise.resolve({
        stream: ({ req, res }) =>
          writeRunEventStream(
            req,
            res,
            (async function* () {
              yield event(1, 'run.queued');
              yield event(2, 'step.started', 'fetch');
              await sleep(300);
              yield event(3, 'run.succeeded');
            })(),
            { heartbeatMs: 50, headers: { Location: `/api/v1/runs/${runId}` } },
          ),
      }),
    ),
  );
  // an endless watch that stops only when the client goes away
  app.get(
    '/endless',
    withRequestSession(engine, () =>
      Promise.resolve({
        stream: ({ req, res, signal }) =>
          writeRunEventStream(
            req,
            res,
            (async function* () {
              try {
                for (let i = 1; !signal.aborted; i += 1) {
                  yield event(i, 'step.started', `s${i}`);
                  await sleep(20, signal);
                }
              } finally {
                markWatchEnded();
              }
            })(),
            { heartbeatMs: 20 },
          ),
      }),
    ),
  );
  ({ base, close } = await listenOnLoopback(app));
});
afterAll(async () => {
  await close?.();
  await engine?.close();
});

describe('writeRunEventStream', () => {
  it('frames each event (id, event, data), sends heartbeats while idle, and ends after the last one', async () => {
    const stream = await readEventStream(`${base}/finite`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('location')).toBe(`/api/v1/runs/${runId}`);
    expect(stream.endedByServer).toBe(true);
    expect(stream.events.map((e) => [e.id, e.event])).toEqual([
      ['1', 'run.queued'],
      ['2', 'step.started'],
      ['3', 'run.succeeded'],
    ]);
    expect(JSON.parse(stream.events[1]!.data)).toEqual(event(2, 'step.started', 'fetch'));
    expect(stream.comments.length).toBeGreaterThanOrEqual(2); // ~6 heartbeats in the 300 ms pause
  });

  it('a client that goes away stops the watch behind the stream', async () => {
    watchEnded = new Promise<void>((resolve) => (markWatchEnded = resolve));
    const stream = await readEventStream(`${base}/endless`, { stopAfter: 3 });
    expect(stream.endedByServer).toBe(false);
    expect(stream.events.map((e) => e.event)).toEqual(['step.started', 'step.started', 'step.started']);
    await Promise.race([watchEnded, sleep(2_000).then(() => Promise.reject(new Error('the watch did not stop')))]);
  });
});

