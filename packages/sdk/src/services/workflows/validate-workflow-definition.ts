/**
 * The pure part of workflow validation: graph rules on a structurally valid definition. No
 * database: the references that exist are passed in (the service looks them up, one query per
 * table, from {@link collectWorkflowReferences}).
 *
 * @module
 */
import { isUuid } from '@agent-studio/db/models';
import { compileCondition } from '../../runtime/expressions/condition.js';
import { isExpressionError } from '../../runtime/expressions/expression-error.js';
import { compileInputMapping } from '../../runtime/expressions/input-mapping.js';
import { jsonSchemaProblem } from '../../common/json-schema-validator.js';
import type { WorkflowDefinition, WorkflowNode } from './workflow-definition-schema.js';
import type { WorkflowValidationIssue, WorkflowValidationResult } from './workflows-schemas.js';

/**
 * The agent and function ids that exist, for the reference check.
 *
 * @example
 * const known: KnownWorkflowReferences = { agentIds: new Set([agentId]), functionIds: new Set() };
 */
export interface KnownWorkflowReferences {
  readonly agentIds: ReadonlySet<string>;
  readonly functionIds: ReadonlySet<string>;
}

/**
 * The distinct agent and function ids a definition refers to (only well-formed UUIDs: anything
 * else cannot exist and is reported as an unknown reference without a lookup).
 *
 * @example
 * const { agentIds, functionIds } = collectWorkflowReferences(definition);
 * const agents = agentIds.length ? await session.exec(select(Agent).where({ id: { in: agentIds } })).all() : [];
 */
export function collectWorkflowReferences(definition: WorkflowDefinition): { agentIds: string[]; functionIds: string[] } {
  const agentIds = new Set<string>();
  const functionIds = new Set<string>();
  for (const node of definition.nodes) {
    if (node.ref === undefined || !isUuid(node.ref)) continue;
    if (node.type === 'agent') agentIds.add(node.ref);
    else if (node.type === 'function') functionIds.add(node.ref);
  }
  return { agentIds: [...agentIds], functionIds: [...functionIds] };
}

function quote(id: string): string {
  return JSON.stringify(id);
}

/** Rotates a cycle (without its closing repeat) so it starts at its smallest id: one key per cycle. */
function cycleKey(cycle: readonly string[]): string {
  let best = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i]! < cycle[best]!) best = i;
  return JSON.stringify([...cycle.slice(best), ...cycle.slice(0, best)]);
}

/** At most this many errors and this many warnings are reported; the rest are only counted. */
export const MAX_REPORTED_ISSUES = 20;
/** Node ids spelled out in a cycle's message (all of them stay in `nodeIds`). */
const MAX_CYCLE_IDS_IN_MESSAGE = 10;

/**
 * Keeps a report bounded: at most {@link MAX_REPORTED_ISSUES} errors and warnings each, with
 * the number left out (`omittedErrors`, `omittedWarnings`) — so a hostile definition cannot turn
 * a small request into a huge response.
 *
 * @example
 * boundReport(errors, warnings, 3).omittedErrors; // errors.length - 20 + 3 when over the cap
 */
export function boundReport(
  errors: readonly WorkflowValidationIssue[],
  warnings: readonly WorkflowValidationIssue[],
  uncountedErrors = 0,
): WorkflowValidationResult {
  return {
    valid: errors.length === 0 && uncountedErrors === 0,
    errors: errors.slice(0, MAX_REPORTED_ISSUES),
    warnings: warnings.slice(0, MAX_REPORTED_ISSUES),
    omittedErrors: Math.max(errors.length - MAX_REPORTED_ISSUES, 0) + uncountedErrors,
    omittedWarnings: Math.max(warnings.length - MAX_REPORTED_ISSUES, 0),
  };
}

function cycleMessage(nodeIds: readonly string[]): string {
  if (nodeIds.length <= MAX_CYCLE_IDS_IN_MESSAGE + 2) return `cycle: ${nodeIds.map(quote).join(' → ')}`;
  const head = nodeIds.slice(0, MAX_CYCLE_IDS_IN_MESSAGE).map(quote).join(' → ');
  return `cycle of ${nodeIds.length - 1} nodes: ${head} → … ${nodeIds.length - MAX_CYCLE_IDS_IN_MESSAGE - 1} more … → ${quote(nodeIds[nodeIds.length - 1]!)}`;
}

/**
 * Checks a definition's graph. Errors (any makes `valid` false):
 * - `missing_start_node`: no `startNodeId`, or it names no node;
 * - `duplicate_node_id`: a node id used again (the later node is reported);
 * - `dangling_edge`: an edge from or to a node that does not exist;
 * - `cycle`: the graph is not acyclic (one error per cycle, with the cycle path in `nodeIds`
 *   and the message, pointing at the edge that closes it);
 * - `missing_ref`: an agent or function node without `ref`;
 * - `unknown_reference`: `ref` names no existing agent / function (only when `known` is given);
 * - `missing_expression`: a condition node without `config.expression`;
 * - `invalid_expression`: a condition's `config.expression` (path `['nodes', i, 'config',
 *   'expression']`) or an expression in a node's `config.input` mapping (path `['nodes', i,
 *   'config', 'input', …]` down to the bad string) does not compile; the message is the
 *   parser's, with the character position.
 *
 * Warnings: `unreachable_node`, a node the start node does not lead to (only checked when the
 * start node exists).
 *
 * Paths are relative to the definition (`['nodes', 2, 'ref']`). At most
 * {@link MAX_REPORTED_ISSUES} errors and warnings are listed; `omittedErrors` /
 * `omittedWarnings` count the rest.
 *
 * @example
 * const result = validateWorkflowDefinition(
 *   { startNodeId: 'a', nodes: [{ id: 'a', type: 'agent', ref: agentId }], edges: [] },
 *   { agentIds: new Set([agentId]), functionIds: new Set() },
 * );
 * result.valid; // true
 */
export function validateWorkflowDefinition(
  definition: WorkflowDefinition,
  known?: KnownWorkflowReferences,
): WorkflowValidationResult {
  const errors: WorkflowValidationIssue[] = [];
  const warnings: WorkflowValidationIssue[] = [];

  // nodes: the first node with an id is the one edges refer to
  const indexById = new Map<string, number>();
  definition.nodes.forEach((node, i) => {
    const first = indexById.get(node.id);
    if (first !== undefined) {
      errors.push({
        code: 'duplicate_node_id',
        message: `node id ${quote(node.id)} is already used by node ${first}`,
        path: ['nodes', i, 'id'],
        nodeIds: [node.id],
      });
    } else {
      indexById.set(node.id, i);
    }
    checkNode(node, i, errors, known);
  });

  // start node
  const start = definition.startNodeId;
  if (start === undefined) {
    errors.push({ code: 'missing_start_node', message: 'startNodeId is required', path: ['startNodeId'] });
  } else if (!indexById.has(start)) {
    errors.push({ code: 'missing_start_node', message: `start node ${quote(start)} does not exist`, path: ['startNodeId'], nodeIds: [start] });
  }

  // edges: dangling ones are reported and left out of the graph
  const adjacency = new Map<string, { to: string; edge: number }[]>();
  for (const id of indexById.keys()) adjacency.set(id, []);
  definition.edges.forEach((edge, i) => {
    let dangling = false;
    for (const end of ['from', 'to'] as const) {
      if (!indexById.has(edge[end])) {
        dangling = true;
        errors.push({
          code: 'dangling_edge',
          message: `edge ${i} ${end === 'from' ? 'starts at' : 'ends at'} node ${quote(edge[end])}, which does not exist`,
          path: ['edges', i, end],
          nodeIds: [edge[end]],
        });
      }
    }
    if (!dangling) adjacency.get(edge.from)!.push({ to: edge.to, edge: i });
  });

  const uncountedCycles = findCycles(indexById, adjacency, errors);

  if (definition.inputSchema !== undefined) {
    const problem = jsonSchemaProblem(definition.inputSchema);
    if (problem) errors.push({ code: 'invalid_input_schema', message: `inputSchema is not a valid JSON Schema: ${problem}`, path: ['inputSchema'] });
  }

  if (start !== undefined && indexById.has(start)) {
    const reached = new Set<string>([start]);
    const queue = [start];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const { to } of adjacency.get(next)!) {
        if (!reached.has(to)) {
          reached.add(to);
          queue.push(to);
        }
      }
    }
    for (const [id, i] of indexById) {
      if (!reached.has(id)) {
        warnings.push({
          code: 'unreachable_node',
          message: `node ${quote(id)} cannot be reached from the start node ${quote(start)}`,
          path: ['nodes', i],
          nodeIds: [id],
        });
      }
    }
  }

  return boundReport(errors, warnings, uncountedCycles);
}

function checkNode(node: WorkflowNode, i: number, errors: WorkflowValidationIssue[], known: KnownWorkflowReferences | undefined): void {
  const mapping = node.config?.input;
  if (mapping !== undefined) {
    checkExpression(node, ['nodes', i, 'config', 'input'], errors, () => compileInputMapping(mapping));
  }
  if (node.type === 'condition') {
    const expression = node.config?.expression;
    if (typeof expression !== 'string' || expression.trim() === '') {
      errors.push({
        code: 'missing_expression',
        message: `condition node ${quote(node.id)} needs config.expression (a non-empty string)`,
        path: ['nodes', i, 'config', 'expression'],
        nodeIds: [node.id],
      });
    } else {
      checkExpression(node, ['nodes', i, 'config', 'expression'], errors, () => compileCondition(expression));
    }
    return;
  }
  if (node.ref === undefined) {
    errors.push({
      code: 'missing_ref',
      message: `${node.type} node ${quote(node.id)} needs ref (the id of the ${node.type} it runs)`,
      path: ['nodes', i, 'ref'],
      nodeIds: [node.id],
    });
    return;
  }
  if (!known) return;
  const ids = node.type === 'agent' ? known.agentIds : known.functionIds;
  if (!ids.has(node.ref)) {
    errors.push({
      code: 'unknown_reference',
      message: `${node.type} ${quote(node.ref)} referenced by node ${quote(node.id)} does not exist`,
      path: ['nodes', i, 'ref'],
      nodeIds: [node.id],
    });
  }
}

/** Compiles an expression (or mapping); an `ExpressionError` becomes an `invalid_expression` issue at `path` + its own path. */
function checkExpression(node: WorkflowNode, path: (string | number)[], errors: WorkflowValidationIssue[], compile: () => unknown): void {
  try {
    compile();
  } catch (error) {
    if (!isExpressionError(error)) throw error;
    errors.push({
      code: 'invalid_expression',
      message: `${node.type} node ${quote(node.id)}: ${error.summary}`,
      path: [...path, ...error.path],
      nodeIds: [node.id],
    });
  }
}

/**
 * Depth-first search (iterative, so deep graphs cannot overflow the stack); a back edge closes a
 * cycle. Once the report is full, further cycles are only counted (returned), not spelled out.
 */
function findCycles(
  indexById: ReadonlyMap<string, number>,
  adjacency: ReadonlyMap<string, readonly { to: string; edge: number }[]>,
  errors: WorkflowValidationIssue[],
): number {
  let uncounted = 0;
  const state = new Map<string, 'active' | 'done'>();
  const seen = new Set<string>();
  for (const root of indexById.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const cursor: number[] = [0];
    state.set(root, 'active');
    while (path.length) {
      const node = path[path.length - 1]!;
      const out = adjacency.get(node)!;
      const k = cursor[cursor.length - 1]!;
      if (k >= out.length) {
        state.set(node, 'done');
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[cursor.length - 1] = k + 1;
      const { to, edge } = out[k]!;
      const s = state.get(to);
      if (s === undefined) {
        state.set(to, 'active');
        path.push(to);
        cursor.push(0);
      } else if (s === 'active') {
        if (errors.length >= MAX_REPORTED_ISSUES) {
          uncounted++; // each back edge of one search closes a different cycle
          continue;
        }
        const cycle = path.slice(path.lastIndexOf(to));
        const key = cycleKey(cycle);
        if (seen.has(key)) continue;
        seen.add(key);
        const nodeIds = [...cycle, to];
        errors.push({
          code: 'cycle',
          message: cycleMessage(nodeIds),
          path: ['edges', edge],
          nodeIds,
        });
      }
    }
  }
  return uncounted;
}
