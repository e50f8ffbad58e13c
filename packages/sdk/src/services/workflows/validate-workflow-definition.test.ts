import { describe, expect, it } from 'vitest';
import {
  collectWorkflowReferences,
  MAX_REPORTED_ISSUES,
  validateWorkflowDefinition,
  type KnownWorkflowReferences,
} from './validate-workflow-definition.js';
import { workflowDefinitionSchema, type WorkflowDefinition } from './workflow-definition-schema.js';
import { workflowValidationResultSchema, type WorkflowIssueCode } from './workflows-schemas.js';

const AGENT = '11111111-1111-4111-8111-111111111111';
const OTHER_AGENT = '22222222-2222-4222-8222-222222222222';
const FN = '33333333-3333-4333-8333-333333333333';
const MISSING = '44444444-4444-4444-8444-444444444444';

const KNOWN: KnownWorkflowReferences = { agentIds: new Set([AGENT, OTHER_AGENT]), functionIds: new Set([FN]) };

/** Short-hand for a parsed definition (so the table stays readable). */
function def(input: unknown): WorkflowDefinition {
  return workflowDefinitionSchema.parse(input);
}

// node / edge builders; `ref: null` leaves the ref out
const agent = (id: string, ref: string | null = AGENT) => ({ id, type: 'agent', ...(ref ? { ref } : {}) });
const fn = (id: string, ref: string | null = FN) => ({ id, type: 'function', ...(ref ? { ref } : {}) });
const cond = (id: string, expression?: string) => ({ id, type: 'condition', ...(expression !== undefined ? { config: { expression } } : {}) });
const edge = (from: string, to: string, condition?: 'true' | 'false') => ({ from, to, ...(condition ? { condition } : {}) });

interface Expected {
  code: WorkflowIssueCode;
  path: (string | number)[];
  nodeIds?: string[];
}

interface Case {
  name: string;
  definition: WorkflowDefinition;
  known?: KnownWorkflowReferences | null;
  errors: Expected[];
  warnings: Expected[];
}

const cases: Case[] = [
  {
    name: 'valid: agent → condition → function | agent',
    definition: def({
      startNodeId: 'triage',
      nodes: [agent('triage'), cond('urgent', 'output.priority == "high"'), fn('page'), agent('reply', OTHER_AGENT)],
      edges: [edge('triage', 'urgent'), edge('urgent', 'page', 'true'), edge('urgent', 'reply', 'false')],
    }),
    errors: [],
    warnings: [],
  },
  {
    name: 'valid: a single node',
    definition: def({ startNodeId: 'only', nodes: [agent('only')] }),
    errors: [],
    warnings: [],
  },
  {
    name: 'valid: diamond (shared descendant is not a cycle)',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a'), agent('b'), agent('c'), fn('d')],
      edges: [edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')],
    }),
    errors: [],
    warnings: [],
  },
  {
    name: 'cyclic: a → b → c → a',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a'), agent('b'), fn('c')],
      edges: [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')],
    }),
    errors: [{ code: 'cycle', path: ['edges', 2], nodeIds: ['a', 'b', 'c', 'a'] }],
    warnings: [],
  },
  {
    name: 'cyclic: self-loop',
    definition: def({ startNodeId: 'a', nodes: [agent('a')], edges: [edge('a', 'a')] }),
    errors: [{ code: 'cycle', path: ['edges', 0], nodeIds: ['a', 'a'] }],
    warnings: [],
  },
  {
    name: 'cyclic: two separate cycles, a duplicate edge reported once',
    definition: def({
      startNodeId: 's',
      nodes: [agent('s'), agent('a'), agent('b'), agent('c'), agent('d')],
      edges: [edge('s', 'a'), edge('a', 'b'), edge('b', 'a'), edge('b', 'a'), edge('s', 'c'), edge('c', 'd'), edge('d', 'c')],
    }),
    errors: [
      { code: 'cycle', path: ['edges', 2], nodeIds: ['a', 'b', 'a'] },
      { code: 'cycle', path: ['edges', 6], nodeIds: ['c', 'd', 'c'] },
    ],
    warnings: [],
  },
  {
    name: 'cyclic: a cycle the start node does not reach is still an error (and unreachable)',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a'), agent('x'), agent('y')],
      edges: [edge('x', 'y'), edge('y', 'x')],
    }),
    errors: [{ code: 'cycle', path: ['edges', 1], nodeIds: ['x', 'y', 'x'] }],
    warnings: [
      { code: 'unreachable_node', path: ['nodes', 1], nodeIds: ['x'] },
      { code: 'unreachable_node', path: ['nodes', 2], nodeIds: ['y'] },
    ],
  },
  {
    name: 'dangling: edges to and from nodes that do not exist',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a'), fn('b')],
      edges: [edge('a', 'b'), edge('a', 'ghost'), edge('phantom', 'b'), edge('nope', 'nada')],
    }),
    errors: [
      { code: 'dangling_edge', path: ['edges', 1, 'to'], nodeIds: ['ghost'] },
      { code: 'dangling_edge', path: ['edges', 2, 'from'], nodeIds: ['phantom'] },
      { code: 'dangling_edge', path: ['edges', 3, 'from'], nodeIds: ['nope'] },
      { code: 'dangling_edge', path: ['edges', 3, 'to'], nodeIds: ['nada'] },
    ],
    warnings: [],
  },
  {
    name: 'unknown reference: agent and function ids that do not exist (and a non-UUID ref)',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a'), agent('b', MISSING), fn('c', MISSING), fn('d', 'not-a-uuid'), agent('e', FN)],
      edges: [edge('a', 'b'), edge('b', 'c'), edge('c', 'd'), edge('d', 'e')],
    }),
    errors: [
      { code: 'unknown_reference', path: ['nodes', 1, 'ref'], nodeIds: ['b'] },
      { code: 'unknown_reference', path: ['nodes', 2, 'ref'], nodeIds: ['c'] },
      { code: 'unknown_reference', path: ['nodes', 3, 'ref'], nodeIds: ['d'] },
      // a function's id is not an agent's
      { code: 'unknown_reference', path: ['nodes', 4, 'ref'], nodeIds: ['e'] },
    ],
    warnings: [],
  },
  {
    name: 'references are not checked when no lookup result is given',
    definition: def({ startNodeId: 'a', nodes: [agent('a', MISSING)] }),
    known: null,
    errors: [],
    warnings: [],
  },
  {
    name: 'unreachable: nodes the start node does not lead to are warnings only',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a'), fn('b'), agent('island'), fn('after-island')],
      edges: [edge('a', 'b'), edge('island', 'after-island')],
    }),
    errors: [],
    warnings: [
      { code: 'unreachable_node', path: ['nodes', 2], nodeIds: ['island'] },
      { code: 'unreachable_node', path: ['nodes', 3], nodeIds: ['after-island'] },
    ],
  },
  {
    name: 'duplicate ids: the later node is reported',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a'), fn('b'), agent('b'), fn('a')],
      edges: [edge('a', 'b')],
    }),
    errors: [
      { code: 'duplicate_node_id', path: ['nodes', 2, 'id'], nodeIds: ['b'] },
      { code: 'duplicate_node_id', path: ['nodes', 3, 'id'], nodeIds: ['a'] },
    ],
    warnings: [],
  },
  {
    name: 'missing start: no startNodeId (reachability is not checked)',
    definition: def({ nodes: [agent('a'), agent('b')], edges: [] }),
    errors: [{ code: 'missing_start_node', path: ['startNodeId'] }],
    warnings: [],
  },
  {
    name: 'missing start: startNodeId names no node',
    definition: def({ startNodeId: 'nowhere', nodes: [agent('a')], edges: [] }),
    errors: [{ code: 'missing_start_node', path: ['startNodeId'], nodeIds: ['nowhere'] }],
    warnings: [],
  },
  {
    name: 'missing start: an empty definition',
    definition: def({}),
    errors: [{ code: 'missing_start_node', path: ['startNodeId'] }],
    warnings: [],
  },
  {
    name: 'agent / function node without ref, condition without expression',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a', null), cond('c'), fn('f', null), cond('blank', '   ')],
      edges: [edge('a', 'c'), edge('c', 'f', 'true'), edge('c', 'blank', 'false')],
    }),
    errors: [
      { code: 'missing_ref', path: ['nodes', 0, 'ref'], nodeIds: ['a'] },
      { code: 'missing_expression', path: ['nodes', 1, 'config', 'expression'], nodeIds: ['c'] },
      { code: 'missing_ref', path: ['nodes', 2, 'ref'], nodeIds: ['f'] },
      { code: 'missing_expression', path: ['nodes', 3, 'config', 'expression'], nodeIds: ['blank'] },
    ],
    warnings: [],
  },
  {
    name: 'condition expressions and input mappings that do not compile',
    definition: def({
      startNodeId: 'a',
      nodes: [
        { ...fn('a'), config: { input: { id: '{{ input.orderId }}', note: 'for {{ input.customer }}' } } },
        cond('syntax', ')) nonsense (('),
        cond('unknown', 'outptu.priority == "high"'),
        cond('number', 'size(input.items) + 1'),
        { ...fn('mapped'), config: { input: { body: { items: ['ok', '{{ input. }}'] } } } },
        { ...cond('both', 'true'), config: { expression: 'true', input: '{{ nope }}' } },
      ],
      edges: [edge('a', 'syntax'), edge('syntax', 'unknown', 'true'), edge('unknown', 'number', 'true'), edge('number', 'mapped', 'true'), edge('mapped', 'both')],
    }),
    errors: [
      { code: 'invalid_expression', path: ['nodes', 1, 'config', 'expression'], nodeIds: ['syntax'] },
      { code: 'invalid_expression', path: ['nodes', 2, 'config', 'expression'], nodeIds: ['unknown'] },
      { code: 'invalid_expression', path: ['nodes', 3, 'config', 'expression'], nodeIds: ['number'] },
      { code: 'invalid_expression', path: ['nodes', 4, 'config', 'input', 'body', 'items', 1], nodeIds: ['mapped'] },
      { code: 'invalid_expression', path: ['nodes', 5, 'config', 'input'], nodeIds: ['both'] },
    ],
    warnings: [],
  },
  {
    name: 'everything at once',
    definition: def({
      startNodeId: 'a',
      nodes: [agent('a'), agent('b', MISSING), agent('a'), agent('lonely')],
      edges: [edge('a', 'b'), edge('b', 'a'), edge('b', 'ghost')],
    }),
    errors: [
      { code: 'unknown_reference', path: ['nodes', 1, 'ref'], nodeIds: ['b'] },
      { code: 'duplicate_node_id', path: ['nodes', 2, 'id'], nodeIds: ['a'] },
      { code: 'dangling_edge', path: ['edges', 2, 'to'], nodeIds: ['ghost'] },
      { code: 'cycle', path: ['edges', 1], nodeIds: ['a', 'b', 'a'] },
    ],
    warnings: [{ code: 'unreachable_node', path: ['nodes', 3], nodeIds: ['lonely'] }],
  },
];

function project(issues: readonly { code: string; path: readonly (string | number)[]; nodeIds?: string[] }[]) {
  return issues.map(({ code, path, nodeIds }) => (nodeIds ? { code, path, nodeIds } : { code, path }));
}

describe('validateWorkflowDefinition', () => {
  it.each(cases)('$name', ({ definition, known, errors, warnings }) => {
    const result = validateWorkflowDefinition(definition, known === null ? undefined : (known ?? KNOWN));
    expect(project(result.errors)).toEqual(errors);
    expect(project(result.warnings)).toEqual(warnings);
    expect(result.valid).toBe(errors.length === 0);
    // the result is what the output schema describes, and every finding explains itself
    expect(workflowValidationResultSchema.parse(result)).toEqual(result);
    for (const issue of [...result.errors, ...result.warnings]) expect(issue.message.length).toBeGreaterThan(10);
  });

  it('reports the cycle path in the message', () => {
    const result = validateWorkflowDefinition(
      def({ startNodeId: 'a', nodes: [agent('a'), agent('b')], edges: [edge('a', 'b'), edge('b', 'a')] }),
      KNOWN,
    );
    expect(result.errors[0]?.message).toBe('cycle: "a" → "b" → "a"');
  });

  it('gives the parser message and position of a bad expression', () => {
    const result = validateWorkflowDefinition(def({ startNodeId: 'c', nodes: [cond('c', ')) nonsense ((')] }), KNOWN);
    expect(result.errors).toEqual([
      {
        code: 'invalid_expression',
        message: 'condition node "c": Unexpected token: RPAREN at character 1',
        path: ['nodes', 0, 'config', 'expression'],
        nodeIds: ['c'],
      },
    ]);
  });

  it('names the missing reference in the message', () => {
    const result = validateWorkflowDefinition(def({ startNodeId: 'a', nodes: [fn('a', MISSING)] }), KNOWN);
    expect(result.errors[0]?.message).toBe(`function "${MISSING}" referenced by node "a" does not exist`);
  });

  it('walks a long chain without overflowing, and finds the cycle closing it', () => {
    const n = 500;
    const nodes = Array.from({ length: n }, (_, i) => agent(`n${i}`));
    const edges = Array.from({ length: n - 1 }, (_, i) => edge(`n${i}`, `n${i + 1}`));
    expect(validateWorkflowDefinition(def({ startNodeId: 'n0', nodes, edges }), KNOWN)).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      omittedErrors: 0,
      omittedWarnings: 0,
    });
    const cyclic = validateWorkflowDefinition(def({ startNodeId: 'n0', nodes, edges: [...edges, edge(`n${n - 1}`, 'n0')] }), KNOWN);
    expect(cyclic.errors).toHaveLength(1);
    expect(cyclic.errors[0]?.nodeIds).toHaveLength(n + 1);
  });
});

describe('collectWorkflowReferences', () => {
  it('collects distinct well-formed agent and function ids', () => {
    const refs = collectWorkflowReferences(
      def({
        nodes: [agent('a'), agent('b'), agent('c', OTHER_AGENT), fn('f'), fn('g', 'not-a-uuid'), agent('x', null), cond('k', 'true')],
      }),
    );
    expect(refs).toEqual({ agentIds: [AGENT, OTHER_AGENT], functionIds: [FN] });
  });
});

describe('workflowDefinitionSchema', () => {
  it('defaults nodes and edges and trims ids', () => {
    expect(workflowDefinitionSchema.parse({ startNodeId: ' a ' })).toEqual({ startNodeId: 'a', nodes: [], edges: [] });
  });

  it.each([
    ['an unknown node type', { nodes: [{ id: 'a', type: 'llm' }] }, ['nodes', 0, 'type']],
    ['an empty node id', { nodes: [{ id: ' ', type: 'agent' }] }, ['nodes', 0, 'id']],
    ['an unknown node key', { nodes: [{ id: 'a', type: 'agent', x: 1 }] }, ['nodes', 0]],
    ['a bad edge condition', { edges: [{ from: 'a', to: 'b', condition: 'maybe' }] }, ['edges', 0, 'condition']],
    ['an edge without target', { edges: [{ from: 'a' }] }, ['edges', 0, 'to']],
    ['an unknown top-level key', { start: 'a' }, []],
  ])('rejects %s', (_, input, path) => {
    const result = workflowDefinitionSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});

describe('bounded reports', () => {
  it('a 500-node chain with 1,501 back edges reports 20 cycles and counts the rest, in a small result', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => agent(`n${i}`));
    const edges = [
      ...Array.from({ length: 499 }, (_, i) => edge(`n${i}`, `n${i + 1}`)),
      // 1,501 back edges: from the last three nodes to earlier ones (each closes a cycle)
      ...Array.from({ length: 1_501 }, (_, i) => edge(`n${499 - (i % 3)}`, `n${Math.floor(i / 3) % 497}`)),
    ];
    const started = Date.now();
    const result = validateWorkflowDefinition(def({ startNodeId: 'n0', nodes, edges }), KNOWN);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(MAX_REPORTED_ISSUES);
    expect(result.errors.every((e) => e.code === 'cycle')).toBe(true);
    expect(result.errors.length + result.omittedErrors).toBe(1_501);
    const size = JSON.stringify(result).length;
    expect(size).toBeLessThan(300_000);
    // a long cycle's message names its length, not every node
    const longest = result.errors.reduce((a, b) => ((a.nodeIds?.length ?? 0) > (b.nodeIds?.length ?? 0) ? a : b));
    expect(longest.message.length).toBeLessThan(1_000);
    expect(workflowValidationResultSchema.parse(result)).toEqual(result);
  });

  it('warnings are capped too, and a clean result omits nothing', () => {
    const nodes = [agent('s'), ...Array.from({ length: 50 }, (_, i) => agent(`u${i}`))];
    const result = validateWorkflowDefinition(def({ startNodeId: 's', nodes, edges: [] }), KNOWN);
    expect(result).toMatchObject({ valid: true, omittedErrors: 0, omittedWarnings: 50 - MAX_REPORTED_ISSUES });
    expect(result.warnings).toHaveLength(MAX_REPORTED_ISSUES);
  });
});
