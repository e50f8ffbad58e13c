/**
 * The shape of a hybrid workflow definition: a DAG of `agent`, `function` and `condition` nodes
 * joined by edges. This schema checks the structure only; the graph rules (cycles, dangling
 * edges, start node, references) are {@link validateWorkflowDefinition}'s job, so a draft can be
 * saved while it is still incomplete.
 *
 * @module
 */
import { z } from 'zod';
import { jsonValueSchema } from '../../common/json-value.js';
import { JSON_FIELD_LIMITS, jsonAtMost } from '../../common/json-size.js';

/**
 * Size limits of one definition, so a single request cannot ask for an unbounded graph walk.
 *
 * @example
 * if (nodes.length > WORKFLOW_DEFINITION_LIMITS.nodes) showTooBig();
 */
export const WORKFLOW_DEFINITION_LIMITS = { nodes: 500, edges: 2_000, idLength: 100 } as const;

/**
 * A node id: a short non-empty string, unique within its definition.
 *
 * @example
 * workflowNodeIdSchema.parse('triage'); // 'triage'
 */
export const workflowNodeIdSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(WORKFLOW_DEFINITION_LIMITS.idLength)
  .describe('Node id, unique within the definition.');

/**
 * The kinds of node: an agent call, a function (tool) call, or a branch on an expression.
 *
 * @example
 * workflowNodeTypeSchema.parse('condition');
 */
export const workflowNodeTypeSchema = z.enum(['agent', 'function', 'condition']).describe('What the node does.');

/** A node kind: `'agent' | 'function' | 'condition'`. */
export type WorkflowNodeType = z.infer<typeof workflowNodeTypeSchema>;

/**
 * One node. `ref` names the agent (agent nodes) or function (function nodes) it runs; a
 * condition node carries `config.expression`. Agent and function nodes may carry free-form
 * `config` (JSON) for the engine.
 *
 * @example
 * workflowNodeSchema.parse({ id: 'triage', type: 'agent', ref: '0b9f6c1e-4a59-4d5e-9b8e-2f0c6f1f3a11' });
 * workflowNodeSchema.parse({ id: 'urgent?', type: 'condition', config: { expression: 'output.priority == "high"' } });
 */
export const workflowNodeSchema = z
  .strictObject({
    id: workflowNodeIdSchema,
    type: workflowNodeTypeSchema,
    name: z.string().max(200).optional().describe('Display name.'),
    ref: z
      .string()
      .trim()
      .min(1, { message: 'must not be empty' })
      .max(100)
      .optional()
      .describe('Agent id (agent nodes) or function id (function nodes).'),
    config: z
      .record(z.string(), jsonValueSchema)
      .optional()
      .describe('Node settings; a condition node needs { expression: string }.'),
  })
  .describe('A node of the workflow graph.');

/** A node of a workflow definition. */
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;

/**
 * A directed edge. Edges leaving a condition node say which branch they are (`'true'` /
 * `'false'`).
 *
 * @example
 * workflowEdgeSchema.parse({ from: 'urgent?', to: 'escalate', condition: 'true' });
 */
export const workflowEdgeSchema = z
  .strictObject({
    from: workflowNodeIdSchema.describe('Id of the source node.'),
    to: workflowNodeIdSchema.describe('Id of the target node.'),
    condition: z.enum(['true', 'false']).optional().describe('Branch of a condition node this edge follows.'),
  })
  .describe('A directed edge between two nodes.');

/** An edge of a workflow definition. */
export type WorkflowEdge = z.infer<typeof workflowEdgeSchema>;

/**
 * A workflow definition. `startNodeId` may be missing while a draft is being edited; publishing
 * requires it (see {@link validateWorkflowDefinition}).
 *
 * @example
 * const definition = workflowDefinitionSchema.parse({
 *   startNodeId: 'triage',
 *   nodes: [{ id: 'triage', type: 'agent', ref: agentId }, { id: 'notify', type: 'function', ref: functionId }],
 *   edges: [{ from: 'triage', to: 'notify' }],
 * });
 */
export const workflowDefinitionSchema = z
  .strictObject({
    startNodeId: workflowNodeIdSchema.optional().describe('Id of the node the workflow starts at.'),
    inputSchema: z
      .record(z.string(), jsonValueSchema)
      .optional()
      .describe('JSON Schema a run\'s input must match (checked at invoke: 422 when it does not).'),
    nodes: z.array(workflowNodeSchema).max(WORKFLOW_DEFINITION_LIMITS.nodes).default([]),
    edges: z.array(workflowEdgeSchema).max(WORKFLOW_DEFINITION_LIMITS.edges).default([]),
  })
  .superRefine(jsonAtMost(JSON_FIELD_LIMITS.definition))
  .describe('A hybrid workflow: a DAG of agent, function and condition nodes (at most 256 KiB as JSON).');

/** A parsed workflow definition. */
export type WorkflowDefinition = z.output<typeof workflowDefinitionSchema>;
