/**
 * `/runs`: reading runs, their steps and events, cancelling them, and invoking deployments
 * (`POST /deployments/:id/runs`). Recording a run by hand (`POST /runs`) and moving it
 * (`POST /runs/:id/status`) stay for admins and imports: the engine does both itself.
 * @module
 */
import {
  RunsService,
  listRunsQuerySchema,
  pageQuerySchema,
  recordRunInputSchema,
  runPageSchema,
  runSchema,
  runStepPageSchema,
  updateRunStatusInputSchema,
} from '@agent-studio/sdk';
import type { RuntimeDatabase } from '@agent-studio/sdk/runtime';
import { chatCompletionsRoute } from './chat-completions-route.js';
import { invokeRunRoute } from './invoke-run-route.js';
import { runEventsRoute } from './run-events-route.js';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { idParams, preferWaitHeader } from './route-helpers.js';
import { waitForRunAnswer } from './wait-for-run-answer.js';

const tag = 'runs';

/**
 * The run routes; `runtime` serves the ones that wait for or stream a run.
 *
 * @example
 * registerRoutes(engine, runRoutes(runtime), { jsonBody: express.json() });
 */
export function runRoutes(runtime: RuntimeDatabase): RouteSpec[] {
  return [
    invokeRunRoute(runtime),
    chatCompletionsRoute(runtime),
    defineRoute({
      method: 'get', path: '/runs', operationId: 'listRuns', tag, summary: 'List runs (filters: status, deploymentId, agentId, workflowId, createdAfter, createdBefore)',
      query: listRunsQuerySchema, response: runPageSchema,
      handler: async ({ session, query }) => ({ body: await RunsService.listRuns(session, query) }),
    }),
    defineRoute({
      method: 'post', path: '/runs', operationId: 'recordRun', tag, summary: 'Record a run by hand (manual/admin: invoked runs are recorded by the engine)',
      body: recordRunInputSchema, response: runSchema, status: 201,
      handler: async ({ session, body }) => ({ status: 201, body: await RunsService.recordRun(session, body) }),
    }),
    defineRoute({
      method: 'get', path: '/runs/:id', operationId: 'getRun', tag, summary: 'Get a run',
      params: idParams, response: runSchema, auth: 'run',
      handler: async ({ session, params }) => ({ body: await RunsService.getRun(session, params.id) }),
    }),
    defineRoute({
      method: 'get', path: '/runs/:id/steps', operationId: 'listRunSteps', tag, summary: "A run's steps (checkpoints), in the order they started",
      params: idParams, query: pageQuerySchema, response: runStepPageSchema, auth: 'run',
      handler: async ({ session, params, query }) => ({ body: await RunsService.listSteps(session, params.id, query) }),
    }),
    runEventsRoute(runtime),
    defineRoute({
      method: 'post', path: '/runs/:id/cancel', operationId: 'cancelRun', tag,
      summary: 'Cancel a run: 202 while the worker holding it stops (within a second), 200 when it is already cancelled (a queued run at once, or within Prefer: wait=N); 409 if it had already finished',
      params: idParams, response: runSchema, status: 202, auth: 'run', requestHeaders: preferWaitHeader,
      otherResponses: { 200: { description: 'The run is cancelled (or finished otherwise within Prefer: wait)', schema: runSchema } },
      handler: async ({ req, session, params }) => waitForRunAnswer(req, runtime, await RunsService.requestCancel(session, params.id), 202),
    }),
    defineRoute({
      method: 'post', path: '/runs/:id/status', operationId: 'updateRunStatus', tag, summary: 'Move a run to its next status by hand (manual/admin: the engine moves invoked runs)',
      params: idParams, body: updateRunStatusInputSchema, response: runSchema,
      handler: async ({ session, params, body }) => ({ body: await RunsService.updateRunStatus(session, params.id, body) }),
    }),
  ];
}
