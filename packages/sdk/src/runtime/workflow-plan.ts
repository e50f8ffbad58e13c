/**
 * The pure scheduling rules of a workflow run: which nodes are ready, which are skipped, and
 * when the run is done — from the definition and what has finished so far. The engine asks it
 * after every step, and again from scratch when a run resumes after a crash.
 *
 * @module
 */
import type { JsonValue } from '@agent-studio/db/models';
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '../services/workflows/workflow-definition-schema.js';

/** What is known about one node while a run goes on. */
export type NodeOutcome =
  | { readonly state: 'succeeded'; readonly output: JsonValue }
  | { readonly state: 'skipped' };

/** A definition indexed for scheduling. */
export interface WorkflowPlan {
  readonly startNodeId: string;
  readonly nodes: ReadonlyMap<string, WorkflowNode>;
  readonly incoming: ReadonlyMap<string, readonly WorkflowEdge[]>;
  readonly outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>;
}

/**
 * Indexes a (validated, published) definition.
 *
 * @example
 * const plan = planWorkflow(version.definition);
 */
export function planWorkflow(definition: WorkflowDefinition): WorkflowPlan {
  if (definition.startNodeId === undefined) throw new Error('a published workflow has a start node');
  const nodes = new Map(definition.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, WorkflowEdge[]>([...nodes.keys()].map((id) => [id, []]));
  const outgoing = new Map<string, WorkflowEdge[]>([...nodes.keys()].map((id) => [id, []]));
  for (const edge of definition.edges) {
    incoming.get(edge.to)?.push(edge);
    outgoing.get(edge.from)?.push(edge);
  }
  return { startNodeId: definition.startNodeId, nodes, incoming, outgoing };
}

/** An edge carries control when its source succeeded and, for a condition, took this branch. */
function edgeActive(plan: WorkflowPlan, edge: WorkflowEdge, outcomes: ReadonlyMap<string, NodeOutcome>): boolean | undefined {
  const source = outcomes.get(edge.from);
  if (!source) return undefined; // not resolved yet
  if (source.state === 'skipped') return false;
  if (plan.nodes.get(edge.from)?.type !== 'condition' || edge.condition === undefined) return true;
  return String(source.output === true) === edge.condition;
}

/** The next scheduling decision. */
export interface PlanStep {
  /** Nodes to run now (their upstream is resolved and at least one edge into them is active). */
  readonly ready: readonly WorkflowNode[];
  /** Nodes that can never run in this run (every edge into them is inactive). */
  readonly skipped: readonly WorkflowNode[];
}

/**
 * The nodes to run and to skip next, given what has finished (`outcomes`) and what is running.
 * Call it again after applying `skipped` until it returns nothing and nothing is running: the
 * run is then done.
 *
 * @example
 * const { ready, skipped } = nextNodes(plan, outcomes, running);
 */
export function nextNodes(plan: WorkflowPlan, outcomes: ReadonlyMap<string, NodeOutcome>, running: ReadonlySet<string>): PlanStep {
  const ready: WorkflowNode[] = [];
  const skipped: WorkflowNode[] = [];
  for (const node of plan.nodes.values()) {
    if (outcomes.has(node.id) || running.has(node.id)) continue;
    if (node.id === plan.startNodeId) {
      ready.push(node);
      continue;
    }
    const edges = plan.incoming.get(node.id)!;
    if (edges.length === 0) {
      skipped.push(node); // unreachable from the start node
      continue;
    }
    const states = edges.map((e) => edgeActive(plan, e, outcomes));
    if (states.some((s) => s === undefined)) continue;
    (states.some((s) => s === true) ? ready : skipped).push(node);
  }
  return { ready, skipped };
}

/**
 * The ids of the nodes directly upstream of `nodeId` that ran (their outputs feed its input).
 *
 * @example
 * const upstream = upstreamOf(plan, 'respond', outcomes); // ['search'] or ['urgent']
 */
export function upstreamOf(plan: WorkflowPlan, nodeId: string, outcomes: ReadonlyMap<string, NodeOutcome>): string[] {
  return plan.incoming
    .get(nodeId)!
    .filter((e) => edgeActive(plan, e, outcomes) === true)
    .map((e) => e.from);
}

/**
 * The run's output: the output of the one sink node that ran (a node none of whose outgoing edges
 * is active), or an object keyed by node id when several did.
 *
 * @example
 * run.output = runOutput(plan, outcomes);
 */
export function runOutput(plan: WorkflowPlan, outcomes: ReadonlyMap<string, NodeOutcome>): JsonValue {
  const sinks: [string, JsonValue][] = [];
  for (const [id, outcome] of outcomes) {
    if (outcome.state !== 'succeeded') continue;
    const continues = plan.outgoing.get(id)!.some((e) => edgeActive(plan, e, outcomes) === true && outcomes.get(e.to)?.state === 'succeeded');
    if (!continues) sinks.push([id, outcome.output]);
  }
  if (sinks.length === 1) return sinks[0]![1];
  return Object.fromEntries(sinks);
}
