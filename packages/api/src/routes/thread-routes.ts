/**
 * `GET /deployments/:id/threads/:threadId`: a deployed agent's thread and its conversation so far
 * (its own deployment key or an admin key). Threads are made by invoking with a `threadId`.
 * @module
 */
import { ThreadsService, threadKeySchema, threadSchema } from '@agent-studio/sdk';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { idParams } from './route-helpers.js';

const threadParams = idParams.extend({ threadId: threadKeySchema });

/** The thread routes. */
export const threadRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/deployments/:id/threads/:threadId', operationId: 'getThread', tag: 'runs',
    summary: "Get a deployed agent's thread: its turns and its messages so far (its own deployment key or an admin key)",
    auth: 'invoke',
    params: threadParams, response: threadSchema,
    handler: async ({ session, params }) => ({ body: await ThreadsService.getThread(session, params.id, params.threadId) }),
  }),
];
