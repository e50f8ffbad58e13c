/**
 * The run state an expression sees, and a node's default input.
 *
 * @module
 */
import type { JsonValue } from '@agent-studio/db/models';

/**
 * What conditions and input mappings read:
 * - `input` — the run's input;
 * - `nodes` — every completed node by id: `nodes.<id>.output`;
 * - `output` — the output of the node directly upstream: the run input for the start node, the
 *   upstream node's output when there is one, an object keyed by node id when there are several.
 *   This is also a node's input when it has no `config.input` mapping.
 *
 * @example
 * const state: RunState = { input: { q: 'x' }, nodes: { triage: { output: { priority: 'high' } } }, output: { priority: 'high' } };
 */
export interface RunState {
  readonly input: JsonValue;
  readonly nodes: Readonly<Record<string, { readonly output: JsonValue }>>;
  readonly output: JsonValue;
}

/**
 * What {@link buildRunState} is built from.
 *
 * @example
 * const parts: RunStateParts = { input: runInput, outputs: { triage: { priority: 'high' } }, upstream: ['triage'] };
 */
export interface RunStateParts {
  /** The run's input. */
  readonly input: JsonValue;
  /** The outputs of the completed nodes, by node id (a Map or a plain record). */
  readonly outputs?: ReadonlyMap<string, JsonValue> | Readonly<Record<string, JsonValue>>;
  /** The ids of the nodes directly upstream of the node about to run (empty for the start node). */
  readonly upstream?: readonly string[];
}

/**
 * Builds the {@link RunState} for the node about to run. An upstream id without an output yet
 * gives `null` for it.
 *
 * @example
 * const state = buildRunState({ input: { q: 'refund' }, outputs: new Map([['triage', { priority: 'high' }]]), upstream: ['triage'] });
 * state.output; // { priority: 'high' }
 */
export function buildRunState(parts: RunStateParts): RunState {
  const outputs: ReadonlyMap<string, JsonValue> =
    parts.outputs instanceof Map ? parts.outputs : new Map(Object.entries((parts.outputs ?? {}) as Readonly<Record<string, JsonValue>>));
  const entries = [...outputs];
  // Object.fromEntries defines own properties, so an id such as "__proto__" stays an ordinary key.
  const nodes = Object.fromEntries(entries.map(([id, output]) => [id, { output }]));
  return { input: parts.input, nodes, output: upstreamOutput(parts.input, outputs, parts.upstream ?? []) };
}

function upstreamOutput(input: JsonValue, outputs: ReadonlyMap<string, JsonValue>, upstream: readonly string[]): JsonValue {
  if (upstream.length === 0) return input;
  if (upstream.length === 1) return outputs.get(upstream[0]!) ?? null;
  return Object.fromEntries(upstream.map((id) => [id, outputs.get(id) ?? null]));
}
