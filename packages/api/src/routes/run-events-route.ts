/**
 * `GET /runs/:id/events`: a run's events as server-sent events, from the start or after the
 * `Last-Event-ID` header (or `?after=`) a reconnecting client sends, live until the run's
 * terminal event. Events come from the `run_events` table, so a reconnect gets exactly what it
 * missed; across processes the watch wakes on NOTIFY (server) or polls (embedded database).
 *
 * @module
 */
import { RunsService } from '@agent-studio/sdk';
import { watchRun, type RuntimeDatabase } from '@agent-studio/sdk/runtime';
import { z } from 'zod';
import { HttpProblem } from '../http/http-problem.js';
import { writeRunEventStream } from '../http/run-event-stream.js';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { idParams } from './route-helpers.js';
import { isFinishedRun } from './wait-for-run-answer.js';

const eventIdSchema = z.string().regex(/^\d{1,19}$/, 'must be an event id (decimal digits)');

/** The query of `GET /runs/:id/events`. */
export const runEventsQuerySchema = z.object({
  after: eventIdSchema.optional().describe('Only events after this event id (the Last-Event-ID header wins)'),
});

async function* noEvents(): AsyncGenerator<never> {
  // nothing to send
}

function lastEventId(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const parsed = eventIdSchema.safeParse(header.trim());
  if (parsed.success) return parsed.data;
  throw new HttpProblem(422, 'The Last-Event-ID header is not an event id.', {
    extras: { errors: [{ path: 'headers.last-event-id', message: 'must be an event id (decimal digits)' }] },
  });
}

/**
 * The event-stream route over `runtime`.
 *
 * @example
 * const routes = [runEventsRoute(runtime)];
 */
export function runEventsRoute(runtime: RuntimeDatabase): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/runs/:id/events',
    operationId: 'streamRunEvents',
    tag: 'runs',
    summary: "A run's events as server-sent events; resumes after Last-Event-ID (or ?after=); heartbeats every 15 s; ends after the terminal event",
    params: idParams,
    query: runEventsQuerySchema,
    status: 200,
    auth: 'run',
    otherResponses: {
      200: {
        description: 'The event stream',
        mediaType: { type: 'text/event-stream', description: 'id = event id, event = type (run.queued, step.started, …), data = the event (JSON)' },
      },
    },
    handler: async ({ req, session, params, query }) => {
      const afterId = lastEventId(req.get('last-event-id')) ?? query.after;
      const run = await RunsService.getRun(session, params.id); // 404 before the stream opens
      // a client that already has the terminal event gets an empty stream that ends at once
      const caughtUp = isFinishedRun(run) && !(await RunsService.listEvents(session, run.id, { afterId, limit: 1 })).length;
      return {
        stream: ({ req: r, res, signal }) =>
          writeRunEventStream(r, res, caughtUp ? noEvents() : watchRun(runtime, run.id, { afterId, signal })),
      };
    },
  });
}
