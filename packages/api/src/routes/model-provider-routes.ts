/**
 * `/model-providers`: CRUD of the OpenAI-compatible APIs agents' models are called through. The
 * API key and header values are never returned (`apiKey: "••••••"`, `hasApiKey`).
 * @module
 */
import {
  ModelProvidersService,
  createModelProviderInputSchema,
  listModelProvidersQuerySchema,
  modelProviderPageSchema,
  modelProviderSchema,
  updateModelProviderInputSchema,
} from '@agent-studio/sdk';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { etag, idParams } from './route-helpers.js';

const tag = 'model-providers';

/** The model provider routes. */
export const modelProviderRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/model-providers', operationId: 'listModelProviders', tag, summary: 'List model providers (API keys masked)',
    query: listModelProvidersQuerySchema, response: modelProviderPageSchema,
    handler: async ({ session, query }) => ({ body: await ModelProvidersService.listModelProviders(session, query) }),
  }),
  defineRoute({
    method: 'post', path: '/model-providers', operationId: 'createModelProvider', tag, summary: 'Register a model provider',
    body: createModelProviderInputSchema, response: modelProviderSchema, status: 201,
    handler: async ({ session, body }) => {
      const provider = await ModelProvidersService.createModelProvider(session, body);
      return { status: 201, body: provider, headers: { ...etag(provider), Location: `/api/v1/model-providers/${provider.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/model-providers/:id', operationId: 'getModelProvider', tag, summary: 'Get a model provider (API key masked)',
    params: idParams, response: modelProviderSchema,
    handler: async ({ session, params }) => {
      const provider = await ModelProvidersService.getModelProvider(session, params.id);
      return { body: provider, headers: etag(provider) };
    },
  }),
  defineRoute({
    method: 'patch', path: '/model-providers/:id', operationId: 'updateModelProvider', tag, summary: 'Update a model provider (optimistic: version or If-Match)',
    params: idParams, body: updateModelProviderInputSchema, response: modelProviderSchema, ifMatch: true,
    handler: async ({ session, params, body }) => {
      const provider = await ModelProvidersService.updateModelProvider(session, params.id, body);
      return { body: provider, headers: etag(provider) };
    },
  }),
  defineRoute({
    method: 'delete', path: '/model-providers/:id', operationId: 'deleteModelProvider', tag, summary: 'Delete a model provider',
    params: idParams,
    handler: async ({ session, params }) => {
      await ModelProvidersService.deleteModelProvider(session, params.id);
      return {};
    },
  }),
];
