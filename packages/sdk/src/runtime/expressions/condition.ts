/**
 * Condition nodes: a CEL expression over the run state that must give a boolean.
 *
 * @module
 */
import { compileExpression, evaluateRaw, type CompiledExpression } from './compile-expression.js';
import { ExpressionError } from './expression-error.js';
import type { RunState } from './run-state.js';

declare const conditionBrand: unique symbol;

/**
 * A compiled condition (only {@link compileCondition} makes one).
 *
 * @example
 * const condition: CompiledCondition = compileCondition('output.priority == "high"');
 */
export type CompiledCondition = CompiledExpression & { readonly [conditionBrand]: true };

/**
 * Compiles a condition: parses and type-checks it (see `compileExpression`) and rejects one
 * whose type is known not to be `bool` (`input.count + 1`). Throws an {@link ExpressionError}
 * with the position of the problem.
 *
 * @example
 * const urgent = compileCondition('output.priority == "high"');
 * compileCondition(')) nonsense (('); // throws ExpressionError 'syntax'
 */
export function compileCondition(text: string): CompiledCondition {
  const compiled = compileExpression(text);
  if (compiled.type !== 'bool' && compiled.type !== 'dyn') {
    throw new ExpressionError('not_boolean', text, `a condition must be a boolean, this expression is ${compiled.type}`);
  }
  return compiled as CompiledCondition;
}

/**
 * Evaluates a condition over the run state. A value other than a boolean, or a failure on this
 * state (e.g. `output.priority` when `output` has no `priority`: use
 * `has(output.priority) && …`), is an {@link ExpressionError}.
 *
 * @example
 * evaluateCondition(compileCondition('output.priority == "high"'), buildRunState({ input: { priority: 'high' } })); // true
 */
export function evaluateCondition(program: CompiledCondition, state: RunState): boolean {
  const value = evaluateRaw(program, state);
  if (typeof value !== 'boolean') {
    throw new ExpressionError('not_boolean', program.source, `a condition must be a boolean, this one gave ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'bigint' || typeof value === 'number') return 'a number';
  return typeof value === 'object' ? 'a map' : `a ${typeof value}`;
}
