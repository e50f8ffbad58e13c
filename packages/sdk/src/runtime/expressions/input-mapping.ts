/**
 * Node input mapping (`node.config.input`): a JSON template whose `{{ <CEL> }}` strings are
 * filled from the run state.
 *
 * @module
 */
import type { JsonValue } from '@agent-studio/db/models';
import { compileExpression, evaluateExpression, type CompiledExpression } from './compile-expression.js';
import { isExpressionError } from './expression-error.js';
import type { RunState } from './run-state.js';

/** One `{{ … }}` (the expression may not contain `}}`). */
const PLACEHOLDER = /\{\{([\s\S]*?)\}\}/g;

type MappingNode =
  | { readonly kind: 'literal'; readonly value: JsonValue }
  | { readonly kind: 'expression'; readonly path: readonly (string | number)[]; readonly expression: CompiledExpression }
  | {
      readonly kind: 'text';
      readonly path: readonly (string | number)[];
      readonly parts: readonly (string | CompiledExpression)[];
    }
  | { readonly kind: 'array'; readonly items: readonly MappingNode[] }
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, MappingNode])[] };

declare const mappingBrand: unique symbol;

/**
 * A compiled input mapping (only {@link compileInputMapping} makes one).
 *
 * @example
 * const mapping: CompiledInputMapping = compileInputMapping({ orderId: '{{ input.id }}' });
 */
export interface CompiledInputMapping {
  readonly [mappingBrand]: true;
  /** @internal */
  readonly root: MappingNode;
}

/**
 * Compiles an input-mapping template. In the template, a string that is exactly
 * `"{{ <CEL expression> }}"` is replaced by the expression's value (any JSON); a string with
 * `{{ … }}` inside other text is interpolated (strings as they are, other values as JSON);
 * everything else is literal. Throws an `ExpressionError` whose `path` is the JSON path of the
 * bad string within the template (e.g. `['body', 'items', 0]`).
 *
 * @example
 * const mapping = compileInputMapping({ id: '{{ input.orderId }}', note: 'priority {{ output.priority }}', limit: 10 });
 */
export function compileInputMapping(template: JsonValue): CompiledInputMapping {
  return { root: compileNode(template, []) } as CompiledInputMapping;
}

/**
 * Builds a node's input from a compiled mapping and the run state. An expression that fails on
 * this state is an `ExpressionError` at its JSON path.
 *
 * @example
 * applyInputMapping(compileInputMapping({ id: '{{ input.orderId }}' }), buildRunState({ input: { orderId: 7 } })); // { id: 7 }
 */
export function applyInputMapping(compiled: CompiledInputMapping, state: RunState): JsonValue {
  return applyNode(compiled.root, state);
}

function compileNode(value: JsonValue, path: readonly (string | number)[]): MappingNode {
  if (typeof value === 'string') return compileString(value, path);
  if (Array.isArray(value)) {
    const items = value.map((item, i) => compileNode(item, [...path, i]));
    return items.every((item) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'array', items };
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, compileNode(item, [...path, key])] as const);
    return entries.every(([, item]) => item.kind === 'literal') ? { kind: 'literal', value } : { kind: 'object', entries };
  }
  return { kind: 'literal', value };
}

function compileString(text: string, path: readonly (string | number)[]): MappingNode {
  const matches = [...text.matchAll(PLACEHOLDER)];
  if (matches.length === 0) return { kind: 'literal', value: text };
  const compile = (source: string): CompiledExpression => {
    try {
      return compileExpression(source.trim());
    } catch (error) {
      throw isExpressionError(error) ? error.at(path) : error;
    }
  };
  const only = matches[0]!;
  if (matches.length === 1 && only[0] === text) return { kind: 'expression', path, expression: compile(only[1]!) };
  const parts: (string | CompiledExpression)[] = [];
  let last = 0;
  for (const match of matches) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(compile(match[1]!));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return { kind: 'text', path, parts };
}

function applyNode(node: MappingNode, state: RunState): JsonValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'expression':
      return evaluateAt(node.expression, state, node.path);
    case 'text':
      return node.parts
        .map((part) => {
          if (typeof part === 'string') return part;
          const value = evaluateAt(part, state, node.path);
          return typeof value === 'string' ? value : JSON.stringify(value);
        })
        .join('');
    case 'array':
      return node.items.map((item) => applyNode(item, state));
    case 'object':
      return Object.fromEntries(node.entries.map(([key, item]) => [key, applyNode(item, state)]));
  }
}

function evaluateAt(expression: CompiledExpression, state: RunState, path: readonly (string | number)[]): JsonValue {
  try {
    return evaluateExpression(expression, state);
  } catch (error) {
    throw isExpressionError(error) ? error.at(path) : error;
  }
}
