/**
 * `/agents`: CRUD, duplicate, and the functions attached to an agent.
 * @module
 */
import {
  AgentsService,
  agentFunctionPageSchema,
  agentFunctionSchema,
  agentPageSchema,
  agentSchema,
  attachFunctionInputSchema,
  createAgentInputSchema,
  duplicateAgentInputSchema,
  listAgentFunctionsQuerySchema,
  listAgentsQuerySchema,
  updateAgentInputSchema,
} from '@agent-studio/sdk';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { etag, idAndFunctionParams, idParams } from './route-helpers.js';

const tag = 'agents';

/** The agent routes. */
export const agentRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/agents', operationId: 'listAgents', tag, summary: 'List agents',
    query: listAgentsQuerySchema, response: agentPageSchema,
    handler: async ({ session, query }) => ({ body: await AgentsService.listAgents(session, query) }),
  }),
  defineRoute({
    method: 'post', path: '/agents', operationId: 'createAgent', tag, summary: 'Create an agent',
    body: createAgentInputSchema, response: agentSchema, status: 201,
    handler: async ({ session, body }) => {
      const agent = await AgentsService.createAgent(session, body);
      return { status: 201, body: agent, headers: { ...etag(agent), Location: `/api/v1/agents/${agent.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/agents/:id', operationId: 'getAgent', tag, summary: 'Get an agent',
    params: idParams, response: agentSchema,
    handler: async ({ session, params }) => {
      const agent = await AgentsService.getAgent(session, params.id);
      return { body: agent, headers: etag(agent) };
    },
  }),
  defineRoute({
    method: 'patch', path: '/agents/:id', operationId: 'updateAgent', tag, summary: 'Update an agent (optimistic: version or If-Match)',
    params: idParams, body: updateAgentInputSchema, response: agentSchema, ifMatch: true,
    handler: async ({ session, params, body }) => {
      const agent = await AgentsService.updateAgent(session, params.id, body);
      return { body: agent, headers: etag(agent) };
    },
  }),
  defineRoute({
    method: 'delete', path: '/agents/:id', operationId: 'deleteAgent', tag, summary: 'Delete an agent (refused while deployed)',
    params: idParams,
    handler: async ({ session, params }) => {
      await AgentsService.deleteAgent(session, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/agents/:id/duplicate', operationId: 'duplicateAgent', tag, summary: 'Duplicate an agent with its functions',
    params: idParams, body: duplicateAgentInputSchema, response: agentSchema, status: 201,
    handler: async ({ session, params, body }) => ({ status: 201, body: await AgentsService.duplicateAgent(session, params.id, body) }),
  }),
  defineRoute({
    method: 'get', path: '/agents/:id/functions', operationId: 'listAgentFunctions', tag, summary: 'List the functions attached to an agent',
    params: idParams, query: listAgentFunctionsQuerySchema, response: agentFunctionPageSchema,
    handler: async ({ session, params, query }) => ({ body: await AgentsService.listAgentFunctions(session, params.id, query) }),
  }),
  defineRoute({
    method: 'post', path: '/agents/:id/functions', operationId: 'attachAgentFunction', tag, summary: 'Attach a function to an agent',
    params: idParams, body: attachFunctionInputSchema, response: agentFunctionSchema, status: 201,
    handler: async ({ session, params, body }) => ({ status: 201, body: await AgentsService.attachFunction(session, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/agents/:id/functions/:functionId', operationId: 'detachAgentFunction', tag, summary: 'Detach a function from an agent',
    params: idAndFunctionParams,
    handler: async ({ session, params }) => {
      await AgentsService.detachFunction(session, params.id, params.functionId);
      return {};
    },
  }),
];
