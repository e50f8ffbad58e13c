/**
 * `/workflows`: CRUD of drafts, validation, publishing and published versions.
 * @module
 */
import {
  WorkflowsService,
  createWorkflowInputSchema,
  listWorkflowVersionsQuerySchema,
  listWorkflowsQuerySchema,
  publishWorkflowInputSchema,
  updateWorkflowInputSchema,
  workflowPageSchema,
  workflowSchema,
  workflowValidationResultSchema,
} from '@agent-studio/sdk';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from './route-spec.js';
import { etag, idParams } from './route-helpers.js';

const tag = 'workflows';

/** The workflow routes. */
export const workflowRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/workflows', operationId: 'listWorkflows', tag, summary: 'List workflow drafts',
    query: listWorkflowsQuerySchema, response: workflowPageSchema,
    handler: async ({ session, query }) => ({ body: await WorkflowsService.listWorkflows(session, query) }),
  }),
  defineRoute({
    method: 'post', path: '/workflows', operationId: 'createWorkflow', tag, summary: 'Create a workflow draft',
    body: createWorkflowInputSchema, response: workflowSchema, status: 201,
    handler: async ({ session, body }) => {
      const workflow = await WorkflowsService.createWorkflow(session, body);
      return { status: 201, body: workflow, headers: { ...etag(workflow), Location: `/api/v1/workflows/${workflow.id}` } };
    },
  }),
  defineRoute({
    method: 'post', path: '/workflows/validate', operationId: 'validateWorkflow', tag, summary: 'Validate a workflow definition without saving it',
    audit: false, // changes nothing
    body: z.object({ definition: z.unknown() }), response: workflowValidationResultSchema,
    handler: async ({ session, body }) => ({ body: await WorkflowsService.validateWorkflow(session, body.definition) }),
  }),
  defineRoute({
    method: 'get', path: '/workflows/:id', operationId: 'getWorkflow', tag, summary: 'Get a workflow (draft or published version)',
    params: idParams, response: workflowSchema,
    handler: async ({ session, params }) => {
      const workflow = await WorkflowsService.getWorkflow(session, params.id);
      return { body: workflow, headers: etag(workflow) };
    },
  }),
  defineRoute({
    method: 'patch', path: '/workflows/:id', operationId: 'updateWorkflow', tag, summary: 'Update a draft (optimistic: version or If-Match)',
    params: idParams, body: updateWorkflowInputSchema, response: workflowSchema, ifMatch: true,
    handler: async ({ session, params, body }) => {
      const workflow = await WorkflowsService.updateWorkflow(session, params.id, body);
      return { body: workflow, headers: etag(workflow) };
    },
  }),
  defineRoute({
    method: 'delete', path: '/workflows/:id', operationId: 'deleteWorkflow', tag, summary: 'Delete a draft and its versions (refused while deployed)',
    params: idParams,
    handler: async ({ session, params }) => {
      await WorkflowsService.deleteWorkflow(session, params.id);
      return {};
    },
  }),
  defineRoute({
    method: 'post', path: '/workflows/:id/publish', operationId: 'publishWorkflow', tag, summary: 'Freeze the draft as a new numbered version',
    params: idParams, body: publishWorkflowInputSchema, response: workflowSchema, status: 201, ifMatch: true,
    handler: async ({ session, params, body }) => ({ status: 201, body: await WorkflowsService.publishWorkflow(session, params.id, body) }),
  }),
  defineRoute({
    method: 'get', path: '/workflows/:id/versions', operationId: 'listWorkflowVersions', tag, summary: 'List published versions, newest first',
    params: idParams, query: listWorkflowVersionsQuerySchema, response: workflowPageSchema,
    handler: async ({ session, params, query }) => ({ body: await WorkflowsService.listWorkflowVersions(session, params.id, query) }),
  }),
  defineRoute({
    method: 'get', path: '/workflows/:id/versions/:versionNumber', operationId: 'getWorkflowVersion', tag, summary: 'Get one published version',
    params: idParams.extend({ versionNumber: z.string().meta({ description: 'The version number (1, 2, …)', override: { type: 'integer', minimum: 1 } }) }), response: workflowSchema,
    handler: async ({ session, params }) => ({ body: await WorkflowsService.getWorkflowVersion(session, params.id, params.versionNumber) }),
  }),
];
