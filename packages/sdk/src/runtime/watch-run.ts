/**
 * Following a run from any process: its events in order from a given id, live, until the
 * terminal event. New events are announced by NOTIFY on a server and found by polling on the
 * embedded database; either way they are read from `run_events`, so nothing is missed or doubled.
 *
 * @module
 */
import { select } from '@agent-studio/db/exec';
import { Run, RunEvent } from '@agent-studio/db/models';
import { toRunEventDto } from '../services/runs/to-run-event-dto.js';
import { toRunDto } from '../services/runs/to-run-dto.js';
import type { RunDto, RunEventDto } from '../services/runs/runs-schemas.js';
import { isTerminalRunEvent } from './run-event-types.js';
import { RUN_CHANNELS } from './run-channels.js';
import { inSession, type RuntimeDatabase } from './runtime-database.js';

/** Options of {@link watchRun}. */
export interface WatchRunOptions {
  /** Yield only events after this id (an SSE client's `Last-Event-ID`). */
  readonly afterId?: string;
  /** Stops the watch (e.g. the HTTP client went away). */
  readonly signal?: AbortSignal;
  /** Poll period when notifications are not available, or as a safety net (default 200 ms embedded, 2 s server). */
  readonly pollMs?: number;
}

const PAGE = 200;

/**
 * Yields the run's events after `afterId`, in id order, and ends after its terminal event (or
 * at once after it, when the run already ended). Ends quietly when `signal` aborts.
 *
 * @example
 * for await (const event of watchRun(db, runId, { afterId: req.headers['last-event-id'], signal })) {
 *   res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
 * }
 */
export async function* watchRun(db: RuntimeDatabase, runId: string, options: WatchRunOptions = {}): AsyncGenerator<RunEventDto> {
  const { signal } = options;
  const pollMs = options.pollMs ?? (db.notifications.supported ? 2_000 : 200);
  let after = options.afterId !== undefined && /^\d{1,19}$/.test(options.afterId) ? options.afterId : '0';
  let notified = false;
  let wake: () => void = () => undefined;
  const stop = await db.notifications.subscribe(RUN_CHANNELS.events, (payload) => {
    if (payload === runId) {
      notified = true;
      wake();
    }
  });
  const onAbort = () => wake();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      notified = false;
      const { events, ended } = await inSession(db, async (s) => {
        // the status first: a run's terminal status commits with its terminal event, so a run seen
        // finished here whose events after `after` are none has nothing more to say (nor has a run that is gone)
        const run = await s.get(Run, runId);
        const page = await s.exec(select(RunEvent).where({ runId, id: { gt: after } }).orderBy('id').limit(PAGE)).all();
        return { events: page, ended: !page.length && (!run || !['queued', 'running'].includes(run.status)) };
      });
      if (ended) return;
      for (const event of events) {
        after = event.id;
        yield toRunEventDto(event);
        if (isTerminalRunEvent(event.type)) return;
      }
      if (events.length === PAGE || notified) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          wake = () => undefined;
          resolve();
        };
        if (signal?.aborted || notified) wake();
      });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await stop();
  }
}

/**
 * Waits until the run ends, at most `timeoutMs`: the finished run, or null if it is still going
 * (or `signal` aborted).
 *
 * @example
 * const finished = await waitForRun(db, run.id, { timeoutMs: 30_000 });
 * res.status(finished ? 200 : 202).json(finished ?? run);
 */
export async function waitForRun(db: RuntimeDatabase, runId: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<RunDto | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort);
  try {
    const current = await inSession(db, (s) => s.get(Run, runId));
    if (!current) return null;
    if (!['queued', 'running'].includes(current.status)) return toRunDto(current);
    for await (const event of watchRun(db, runId, { signal: controller.signal })) {
      if (isTerminalRunEvent(event.type)) break;
    }
    if (controller.signal.aborted) return null;
    const finished = await inSession(db, (s) => s.get(Run, runId));
    return finished && !['queued', 'running'].includes(finished.status) ? toRunDto(finished) : null;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
