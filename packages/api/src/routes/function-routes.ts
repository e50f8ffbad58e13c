/**
 * `/functions`: CRUD and validation of a definition without saving it.
 * @module
 */
import {
  FunctionsService,
  createFunctionInputSchema,
  functionPageSchema,
  functionSchema,
  functionValidationResultSchema,
  listFunctionsQuerySchema,
  updateFunctionInputSchema,
} from '@agent-studio/sdk';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { etag, idParams } from './route-helpers.js';

const tag = 'functions';

/** The function routes. */
export const functionRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/functions', operationId: 'listFunctions', tag, summary: 'List functions',
    query: listFunctionsQuerySchema, response: functionPageSchema,
    handler: async ({ session, query }) => ({ body: await FunctionsService.listFunctions(session, query) }),
  }),
  defineRoute({
    method: 'post', path: '/functions', operationId: 'createFunction', tag, summary: 'Create a function',
    body: createFunctionInputSchema, response: functionSchema, status: 201,
    handler: async ({ session, body }) => {
      const fn = await FunctionsService.createFunction(session, body);
      return { status: 201, body: fn, headers: { ...etag(fn), Location: `/api/v1/functions/${fn.id}` } };
    },
  }),
  defineRoute({
    method: 'post', path: '/functions/validate', operationId: 'validateFunction', tag, summary: 'Validate a function definition without saving it',
    audit: false, // changes nothing
    body: z.record(z.string(), z.unknown()), response: functionValidationResultSchema,
    handler: async ({ session, body }) => ({ body: await FunctionsService.validateFunction(session, body) }),
  }),
  defineRoute({
    method: 'get', path: '/functions/:id', operationId: 'getFunction', tag, summary: 'Get a function',
    params: idParams, response: functionSchema,
    handler: async ({ session, params }) => {
      const fn = await FunctionsService.getFunction(session, params.id);
      return { body: fn, headers: etag(fn) };
    },
  }),
  defineRoute({
    method: 'patch', path: '/functions/:id', operationId: 'updateFunction', tag, summary: 'Update a function (optimistic: version or If-Match)',
    params: idParams, body: updateFunctionInputSchema, response: functionSchema, ifMatch: true,
    handler: async ({ session, params, body }) => {
      const fn = await FunctionsService.updateFunction(session, params.id, body);
      return { body: fn, headers: etag(fn) };
    },
  }),
  defineRoute({
    method: 'delete', path: '/functions/:id', operationId: 'deleteFunction', tag, summary: 'Delete a function (refused while attached)',
    params: idParams,
    handler: async ({ session, params }) => {
      await FunctionsService.deleteFunction(session, params.id);
      return {};
    },
  }),
];
