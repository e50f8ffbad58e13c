/**
 * Rules the SDK's schemas check in a `superRefine` (which JSON Schema output cannot see), stated
 * for the OpenAPI document: a deployment targets exactly one of an agent or a workflow; an MCP
 * server over HTTP needs a `url`, a stdio one a `command`.
 *
 * @module
 */
import { createDeploymentInputSchema, createMcpServerInputSchema, mcpConnectionInputSchema } from '@agent-studio/sdk';
import type { z } from 'zod';

const mcpEndpoint = {
  oneOf: [
    { properties: { transport: { enum: ['streamable_http', 'sse'] } }, required: ['transport', 'url'] },
    { properties: { transport: { const: 'stdio' } }, required: ['transport', 'command'] },
  ],
};

/**
 * JSON Schema keywords to add to the rendering of a schema, by schema.
 *
 * @example
 * Object.assign(jsonSchema, CROSS_FIELD_RULES.get(zodSchema) ?? {});
 */
export const CROSS_FIELD_RULES: ReadonlyMap<z.core.$ZodType, Record<string, unknown>> = new Map<z.core.$ZodType, Record<string, unknown>>([
  [createDeploymentInputSchema, { oneOf: [{ required: ['agentId'] }, { required: ['workflowId'] }] }],
  [createMcpServerInputSchema, mcpEndpoint],
  [mcpConnectionInputSchema, mcpEndpoint],
]);
