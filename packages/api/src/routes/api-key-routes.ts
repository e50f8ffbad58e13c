/**
 * `/api-keys`: the API's own keys (create shows the key once; only hashes are stored).
 * @module
 */
import { ApiKeysService, apiKeySchema, createApiKeyInputSchema, createdApiKeySchema } from '@agent-studio/sdk';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { idParams } from './route-helpers.js';

const tag = 'api-keys';

/** The API key routes. */
export const apiKeyRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/api-keys', operationId: 'listApiKeys', tag, summary: 'List API keys (never the keys themselves)',
    response: z.array(apiKeySchema),
    handler: async ({ session }) => ({ body: await ApiKeysService.listApiKeys(session) }),
  }),
  defineRoute({
    method: 'post', path: '/api-keys', operationId: 'createApiKey', tag, summary: 'Create an API key (returned once)',
    body: createApiKeyInputSchema, response: createdApiKeySchema, status: 201,
    handler: async ({ session, body }) => ({ status: 201, body: await ApiKeysService.createApiKey(session, body), headers: { 'Cache-Control': 'no-store' } }),
  }),
  defineRoute({
    method: 'delete', path: '/api-keys/:id', operationId: 'revokeApiKey', tag, summary: 'Revoke an API key',
    params: idParams, response: apiKeySchema,
    handler: async ({ session, params }) => ({ body: await ApiKeysService.revokeApiKey(session, params.id) }),
  }),
];
