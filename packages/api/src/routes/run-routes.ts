/**
 * `/runs`: recording and reading runs (the execution engine comes later).
 * @module
 */
import { RunsService, listRunsQuerySchema, recordRunInputSchema, runPageSchema, runSchema, updateRunStatusInputSchema } from '@agent-studio/sdk';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { idParams, listQuery } from './route-helpers.js';

const tag = 'runs';

/** The run routes. */
export const runRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/runs', operationId: 'listRuns', tag, summary: 'List runs',
    query: listRunsQuerySchema, response: runPageSchema,
    handler: async ({ session, req }) => ({ body: await RunsService.listRuns(session, listQuery(req)) }),
  }),
  defineRoute({
    method: 'post', path: '/runs', operationId: 'recordRun', tag, summary: 'Record a run',
    body: recordRunInputSchema, response: runSchema, status: 201,
    handler: async ({ session, body }) => ({ status: 201, body: await RunsService.recordRun(session, body) }),
  }),
  defineRoute({
    method: 'get', path: '/runs/:id', operationId: 'getRun', tag, summary: 'Get a run',
    params: idParams, response: runSchema,
    handler: async ({ session, params }) => ({ body: await RunsService.getRun(session, params.id) }),
  }),
  defineRoute({
    method: 'post', path: '/runs/:id/status', operationId: 'updateRunStatus', tag, summary: 'Move a run to its next status',
    params: idParams, body: updateRunStatusInputSchema, response: runSchema,
    handler: async ({ session, params, body }) => ({ body: await RunsService.updateRunStatus(session, params.id, body) }),
  }),
];
