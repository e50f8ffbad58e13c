/**
 * Test fixtures of the run engine: deploy a workflow built from functions in one call, and
 * count what the queue holds.
 *
 * @module
 */
import { withSession, type ExecSession } from '@agent-studio/db/exec';
import type { JsonValue } from '@agent-studio/db/models';
import type { Engine } from '@agent-studio/db/engine';
import { DeploymentsService } from '../src/services/deployments/deployments-service.js';
import { FunctionsService } from '../src/services/functions/functions-service.js';
import { WorkflowsService } from '../src/services/workflows/workflows-service.js';
import type { CreateFunctionInput } from '../src/services/functions/functions-schemas.js';
import type { WorkflowDefinition } from '../src/services/workflows/workflow-definition-schema.js';

let counter = 0;
/** A name unique within the test process. */
export function uniqueName(base: string): string {
  return `${base}_${process.pid}_${(counter += 1)}`;
}

/** A node of a fixture workflow: a function node (by function input) or a condition. */
export type FixtureNode =
  | { readonly id: string; readonly fn: CreateFunctionInput; readonly config?: Record<string, JsonValue> }
  | { readonly id: string; readonly expression: string }
  | { readonly id: string; readonly agentId: string; readonly config?: Record<string, JsonValue> };

/** What {@link deployWorkflow} made. */
export interface DeployedWorkflow {
  readonly deploymentId: string;
  readonly workflowId: string;
  readonly versionId: string;
  readonly functionIds: Record<string, string>;
}

/**
 * Creates the functions, a workflow of them, publishes it and deploys it.
 *
 * @example
 * const d = await deployWorkflow(engine, { nodes: [{ id: 'a', fn: { kind: 'builtin', name: 'a', config: { name: 'echo' } } }], edges: [] });
 */
export async function deployWorkflow(
  engine: Engine,
  spec: { nodes: readonly FixtureNode[]; edges: WorkflowDefinition['edges']; inputSchema?: Record<string, JsonValue>; config?: Record<string, JsonValue> },
): Promise<DeployedWorkflow> {
  return withSession(engine, async (s: ExecSession) => {
    const functionIds: Record<string, string> = {};
    const nodes: WorkflowDefinition['nodes'] = [];
    for (const node of spec.nodes) {
      if ('expression' in node) {
        nodes.push({ id: node.id, type: 'condition', config: { expression: node.expression } });
        continue;
      }
      if ('agentId' in node) {
        nodes.push({ id: node.id, type: 'agent', ref: node.agentId, ...(node.config ? { config: node.config } : {}) });
        continue;
      }
      const fn = await FunctionsService.createFunction(s, { ...node.fn, name: uniqueName(node.fn.name) });
      functionIds[node.id] = fn.id;
      nodes.push({ id: node.id, type: 'function', ref: fn.id, ...(node.config ? { config: node.config } : {}) });
    }
    const definition: WorkflowDefinition = {
      startNodeId: spec.nodes[0]!.id,
      nodes,
      edges: spec.edges,
      ...(spec.inputSchema ? { inputSchema: spec.inputSchema } : {}),
    };
    const draft = await WorkflowsService.createWorkflow(s, { name: uniqueName('wf'), definition });
    const version = await WorkflowsService.publishWorkflow(s, draft.id, { version: draft.version });
    const d = await DeploymentsService.createDeployment(s, { name: uniqueName('dep'), workflowId: draft.id, config: spec.config ?? {} });
    await DeploymentsService.deploy(s, d.id, { version: d.version });
    return { deploymentId: d.id, workflowId: draft.id, versionId: version.id, functionIds };
  });
}

/**
 * A builtin function input.
 *
 * @example
 * deployWorkflow(engine, { nodes: [{ id: 'e', fn: builtin('echo') }], edges: [] });
 */
export function builtin(name: 'echo' | 'noop' | 'sleep' | 'current_time'): CreateFunctionInput {
  return { kind: 'builtin', name: `fx_${name}`, config: { name } };
}
