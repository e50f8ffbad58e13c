/**
 * `/api-keys`: the API's own keys (create shows the key once; only hashes are stored). Admin
 * keys only; a key never mints a key with more rights than its own; a revoked key is refused
 * by this process at once and by every other within a second.
 * @module
 */
import { ApiKeysService, apiKeySchema, createApiKeyInputSchema, createdApiKeySchema } from '@agent-studio/sdk';
import { z } from 'zod';
import { appStateOf } from '../app/app-state.js';
import { assertMayGrant } from '../auth/route-auth.js';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { idParams } from './route-helpers.js';

const tag = 'api-keys';

/** The API key routes. */
export const apiKeyRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/api-keys', operationId: 'listApiKeys', tag, summary: 'List API keys (never the keys themselves; admin only)',
    auth: 'admin',
    response: z.array(apiKeySchema),
    handler: async ({ session }) => ({ body: await ApiKeysService.listApiKeys(session) }),
  }),
  defineRoute({
    method: 'post', path: '/api-keys', operationId: 'createApiKey', tag, summary: 'Create an API key (returned once; scope at most the caller\'s)',
    body: createApiKeyInputSchema, response: createdApiKeySchema, status: 201,
    handler: async ({ session, caller, body }) => {
      if (caller) assertMayGrant(caller, body.scope);
      return { status: 201, body: await ApiKeysService.createApiKey(session, body), headers: { 'Cache-Control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'delete', path: '/api-keys/:id', operationId: 'revokeApiKey', tag, summary: 'Revoke an API key (refused at once)',
    params: idParams, response: apiKeySchema,
    handler: async ({ req, session, params }) => {
      const revoked = await ApiKeysService.revokeApiKey(session, params.id);
      // refused here from now on, even before this transaction commits (revocation is final);
      // the other processes hear of it from the database's notification on commit
      appStateOf(req.app).cache.revokeKey(revoked.id);
      return { body: revoked };
    },
  }),
];
