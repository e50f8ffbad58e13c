/**
 * A node's input: its `config.input` mapping applied to the run state, or, without one, the
 * output of the node directly upstream (`state.output`).
 *
 * @module
 */
import type { JsonValue } from '@agent-studio/db/models';
import { applyInputMapping, type CompiledInputMapping } from './input-mapping.js';
import type { RunState } from './run-state.js';

/**
 * Resolves a node's input (see the SDK README, "Node input mapping").
 *
 * @example
 * const input = resolveNodeInput(node.config?.input === undefined ? undefined : compileInputMapping(node.config.input), state);
 */
export function resolveNodeInput(mapping: CompiledInputMapping | undefined, state: RunState): JsonValue {
  return mapping === undefined ? state.output : applyInputMapping(mapping, state);
}
