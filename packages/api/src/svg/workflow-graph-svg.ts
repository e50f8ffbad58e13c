/**
 * A workflow definition drawn by Graphviz (compiled to WebAssembly: `@hpcc-js/wasm-graphviz`),
 * server-side: nodes shaped and coloured by kind (function: box, condition: diamond, agent:
 * rounded box), condition branches labelled `true` / `false`, the start node marked.
 *
 * @module
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { WorkflowDefinition } from '@agent-studio/sdk';

const STYLE = {
  function: 'shape=box, style="filled", fillcolor="#dbeafe"',
  condition: 'shape=diamond, style="filled", fillcolor="#fef3c7"',
  agent: 'shape=box, style="rounded,filled", fillcolor="#dcfce7"',
} as const;

/** A DOT string literal (Graphviz's own quoting: backslash and double quote escaped). */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * The DOT source of `definition` (exported for tests and for `dot -Tpng` by hand).
 *
 * @example
 * workflowDot({ startNodeId: 'a', nodes: [{ id: 'a', type: 'function', ref: fnId }], edges: [] });
 */
export function workflowDot(definition: WorkflowDefinition): string {
  const lines = ['digraph workflow {', '  rankdir=TB; node [fontname="sans-serif", fontsize=11]; edge [fontname="sans-serif", fontsize=10];'];
  for (const node of definition.nodes) {
    const label = node.name && node.name !== node.id ? `${node.id}\n${node.name}` : node.id;
    const start = node.id === definition.startNodeId ? ', penwidth=2.5' : '';
    lines.push(`  ${dotString(node.id)} [label=${dotString(`${label}\n(${node.type})`)}, ${STYLE[node.type]}${start}, class=${dotString(`kind_${node.type}`)}];`);
  }
  for (const edge of definition.edges) {
    const attrs = edge.condition ? ` [label=${dotString(edge.condition)}, color=${edge.condition === 'true' ? '"#2e9d5b"' : '"#d64545"'}, class=${dotString(`branch_${edge.condition}`)}]` : '';
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${attrs};`);
  }
  lines.push('}');
  return lines.join('\n');
}

let graphviz: Promise<Graphviz> | undefined;

/**
 * Renders `definition` to SVG (Graphviz `dot` layout). The WebAssembly module loads once per
 * process, on first use.
 *
 * @example
 * const svg = await renderWorkflowGraph(workflow.definition);
 */
export async function renderWorkflowGraph(definition: WorkflowDefinition): Promise<string> {
  graphviz ??= Graphviz.load();
  return (await graphviz).dot(workflowDot(definition));
}
