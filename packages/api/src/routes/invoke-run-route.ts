/**
 * `POST /deployments/:id/runs`: invoke a deployment. The run, its `run.queued` event and its
 * queue job are written in the request's session, so a request that fails leaves none of them.
 *
 * @module
 */
import { RunsService, invokeRunInputSchema, runSchema } from '@agent-studio/sdk';
import { watchRun, type RuntimeDatabase } from '@agent-studio/sdk/runtime';
import { HttpProblem } from '../http/http-problem.js';
import { writeRunEventStream } from '../http/run-event-stream.js';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { z } from 'zod';
import { idParams, preferWaitHeader } from './route-helpers.js';
import { runLocation, waitForRunAnswer } from './wait-for-run-answer.js';

/** The body's key wins; the `Idempotency-Key` header is the same thing; both, differing, is a 422. */
function idempotencyKeyOf(fromBody: string | undefined, fromHeader: string | undefined): string | undefined {
  if (fromBody !== undefined && fromHeader !== undefined && fromBody !== fromHeader) {
    throw new HttpProblem(422, 'The Idempotency-Key header and body.idempotencyKey differ.', {
      extras: { errors: [{ path: 'headers.idempotency-key', message: 'must equal body.idempotencyKey when both are sent' }] },
    });
  }
  return fromBody ?? fromHeader;
}

/**
 * The invoke route over `runtime` (for `Prefer: wait` and the event stream).
 *
 * @example
 * const routes = [invokeRunRoute(runtime)];
 */
export function invokeRunRoute(runtime: RuntimeDatabase): RouteSpec {
  return defineRoute({
    method: 'post',
    path: '/deployments/:id/runs',
    operationId: 'invokeDeployment',
    tag: 'runs',
    summary:
      "Invoke a deployment (its own key or an admin key): 202 + Location; Prefer: wait=N (max 60) answers 200 with the finished run; Accept: text/event-stream streams the run's events; the same idempotencyKey (or Idempotency-Key header) returns the first run (200)",
    params: idParams,
    requestHeaders: preferWaitHeader.extend({
      'Idempotency-Key': z.string().optional().meta({ description: 'The same as `idempotencyKey` in the body (both sent: they must be equal).', example: 'order-4711' }),
    }),
    body: invokeRunInputSchema,
    response: runSchema,
    status: 202,
    auth: 'invoke',
    otherResponses: {
      200: {
        description:
          'The run finished within Prefer: wait, or the run an earlier request with the same idempotency key started; or, with Accept: text/event-stream, its events',
        schema: runSchema,
        mediaType: { type: 'text/event-stream', description: 'Server-sent events: id = event id, event = type, data = the event (JSON); ends after the terminal event' },
        headers: { Location: 'The run', 'Preference-Applied': 'wait=N when the wait was honoured' },
      },
    },
    handler: async ({ req, session, params, body }) => {
      const idempotencyKey = idempotencyKeyOf(body.idempotencyKey, req.get('idempotency-key'));
      const { run, created } = await RunsService.invoke(session, params.id, { ...body, idempotencyKey });
      if (req.accepts(['application/json', 'text/event-stream']) === 'text/event-stream') {
        return {
          stream: ({ req: r, res, signal }) => writeRunEventStream(r, res, watchRun(runtime, run.id, { signal }), { headers: runLocation(run.id) }),
        };
      }
      return waitForRunAnswer(req, runtime, run, created ? 202 : 200);
    },
  });
}
