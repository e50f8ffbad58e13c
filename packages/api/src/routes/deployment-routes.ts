/**
 * `/deployments`: CRUD, lifecycle (deploy, stop), API key rotation and deployment functions.
 * @module
 */
import {
  DeploymentsService,
  attachDeploymentFunctionInputSchema,
  createDeploymentInputSchema,
  deploymentFunctionPageSchema,
  deploymentFunctionSchema,
  deploymentPageSchema,
  deploymentSchema,
  deploymentTransitionInputSchema,
  listDeploymentsQuerySchema,
  pageQuerySchema,
  rotatedApiKeySchema,
  updateDeploymentInputSchema,
} from '@agent-studio/sdk';
import { appStateOf } from '../app/app-state.js';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { etag, idAndFunctionParams, idParams } from './route-helpers.js';

const tag = 'deployments';

/** The deployment routes. */
export const deploymentRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/deployments', operationId: 'listDeployments', tag, summary: 'List deployments',
    query: listDeploymentsQuerySchema, response: deploymentPageSchema,
    handler: async ({ session, query }) => ({ body: await DeploymentsService.listDeployments(session, query) }),
  }),
  defineRoute({
    method: 'post', path: '/deployments', operationId: 'createDeployment', tag, summary: 'Create a deployment of one agent or one workflow',
    body: createDeploymentInputSchema, response: deploymentSchema, status: 201,
    handler: async ({ session, body }) => {
      const deployment = await DeploymentsService.createDeployment(session, body);
      return { status: 201, body: deployment, headers: { ...etag(deployment), Location: `/api/v1/deployments/${deployment.id}` } };
    },
  }),
  defineRoute({
    method: 'get', path: '/deployments/:id', operationId: 'getDeployment', tag, summary: 'Get a deployment',
    params: idParams, response: deploymentSchema,
    handler: async ({ session, params }) => {
      const deployment = await DeploymentsService.getDeployment(session, params.id);
      return { body: deployment, headers: etag(deployment) };
    },
  }),
  defineRoute({
    method: 'patch', path: '/deployments/:id', operationId: 'updateDeployment', tag, summary: 'Update a deployment (optimistic: version or If-Match)',
    params: idParams, body: updateDeploymentInputSchema, response: deploymentSchema, ifMatch: true,
    handler: async ({ session, params, body }) => {
      const deployment = await DeploymentsService.updateDeployment(session, params.id, body);
      return { body: deployment, headers: etag(deployment) };
    },
  }),
  defineRoute({
    method: 'delete', path: '/deployments/:id', operationId: 'deleteDeployment', tag, summary: 'Delete a deployment (refused while deployed)',
    params: idParams,
    handler: async ({ req, session, params }) => {
      await DeploymentsService.deleteDeployment(session, params.id);
      appStateOf(req.app).cache.forget({ kind: 'deployment', id: params.id }); // its key stops here at once
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/deployments/:id/deploy', operationId: 'deployDeployment', tag, summary: 'Deploy (from draft or stopped)',
    params: idParams, body: deploymentTransitionInputSchema, response: deploymentSchema, ifMatch: true,
    handler: async ({ session, params, body }) => {
      const deployment = await DeploymentsService.deploy(session, params.id, body);
      return { body: deployment, headers: etag(deployment) };
    },
  }),
  defineRoute({
    method: 'post', path: '/deployments/:id/stop', operationId: 'stopDeployment', tag, summary: 'Stop a deployed deployment',
    params: idParams, body: deploymentTransitionInputSchema, response: deploymentSchema, ifMatch: true,
    handler: async ({ session, params, body }) => {
      const deployment = await DeploymentsService.stop(session, params.id, body);
      return { body: deployment, headers: etag(deployment) };
    },
  }),
  defineRoute({
    method: 'post', path: '/deployments/:id/rotate-key', operationId: 'rotateDeploymentKey', tag, summary: 'Rotate the API key (returned once)',
    params: idParams, response: rotatedApiKeySchema,
    handler: async ({ req, session, params }) => {
      const rotated = await DeploymentsService.rotateApiKey(session, params.id);
      appStateOf(req.app).cache.forget({ kind: 'deployment', id: params.id }); // the old key stops here at once
      return { body: rotated, headers: { 'Cache-Control': 'no-store' } };
    },
  }),
  defineRoute({
    method: 'get', path: '/deployments/:id/functions', operationId: 'listDeploymentFunctions', tag, summary: 'List the functions a deployment exposes',
    params: idParams, query: pageQuerySchema, response: deploymentFunctionPageSchema,
    handler: async ({ session, params, query }) => ({ body: await DeploymentsService.listDeploymentFunctions(session, params.id, query) }),
  }),
  defineRoute({
    method: 'post', path: '/deployments/:id/functions', operationId: 'attachDeploymentFunction', tag, summary: 'Expose a function in a deployment',
    params: idParams, body: attachDeploymentFunctionInputSchema, response: deploymentFunctionSchema, status: 201,
    handler: async ({ session, params, body }) => ({ status: 201, body: await DeploymentsService.attachDeploymentFunction(session, params.id, body) }),
  }),
  defineRoute({
    method: 'delete', path: '/deployments/:id/functions/:functionId', operationId: 'detachDeploymentFunction', tag, summary: 'Stop exposing a function',
    params: idAndFunctionParams,
    handler: async ({ session, params }) => {
      await DeploymentsService.detachDeploymentFunction(session, params.id, params.functionId);
      return {};
    },
  }),
];
