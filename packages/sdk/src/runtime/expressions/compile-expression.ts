/**
 * Compiling and evaluating one CEL expression over a run state, with the one CEL environment
 * of the run engine (`@marcbachmann/cel-js`: a parser and tree-walking evaluator, no `eval`,
 * no `new Function`).
 *
 * @module
 */
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import type { JsonValue } from '@agent-studio/db/models';
import { fromCelValue, NotJsonError, toCelValue } from './cel-values.js';
import { ExpressionError, type ExpressionPosition } from './expression-error.js';
import type { RunState } from './run-state.js';

/** The longest expression accepted. */
export const MAX_EXPRESSION_LENGTH = 4_096;

/** The variables an expression may read (see {@link RunState}). */
const RUN_STATE_VARIABLES = ['input', 'nodes', 'output'] as const;

let environment: Environment | undefined;

/** The shared environment: the run-state variables as `dyn`, anything else an unknown variable. */
function celEnvironment(): Environment {
  environment ??= RUN_STATE_VARIABLES.reduce(
    (env, name) => env.registerVariable(name, 'dyn'),
    new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false }),
  );
  return environment;
}

/**
 * A parsed and type-checked expression; evaluate it with {@link evaluateExpression}.
 *
 * @example
 * const compiled: CompiledExpression = compileExpression('input.count + 1');
 */
export interface CompiledExpression {
  /** The expression's text. */
  readonly source: string;
  /** The type the checker inferred (`bool`, `string`, `dyn`…). */
  readonly type: string;
  /** @internal the parsed program (kept opaque: no cel-js type in the public API). */
  readonly program: (context: Record<string, unknown>) => unknown;
}

/**
 * Parses and type-checks a CEL expression over the run state (`input`, `nodes`, `output`; any
 * other variable is an error). Throws an {@link ExpressionError} (`syntax`, `type` or
 * `too_long`) with the character position the parser reports.
 *
 * @example
 * compileExpression('nodes.lookup.output.total > 100');
 * compileExpression(')) nonsense (('); // throws ExpressionError 'syntax' at character 1
 */
export function compileExpression(source: string): CompiledExpression {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError('too_long', source, `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  if (source.trim() === '') throw new ExpressionError('syntax', source, 'the expression is empty');
  let program: ParseResult;
  try {
    program = celEnvironment().parse(source);
  } catch (error) {
    throw fromCelError('syntax', source, error);
  }
  const checked = program.check();
  if (!checked.valid) throw fromCelError('type', source, checked.error);
  return { source, type: checked.type ?? 'dyn', program };
}

/**
 * Evaluates a compiled expression over `state` and returns its value as JSON. A failure on
 * this state (a missing key, a bad overload on `dyn` values) or a value JSON cannot hold is an
 * {@link ExpressionError} (`evaluation` / `not_json`).
 *
 * @example
 * evaluateExpression(compileExpression('input.count + 1'), buildRunState({ input: { count: 2 } })); // 3
 */
export function evaluateExpression(compiled: CompiledExpression, state: RunState): JsonValue {
  const value = evaluateRaw(compiled, state);
  try {
    return fromCelValue(value);
  } catch (error) {
    if (error instanceof NotJsonError) throw new ExpressionError('not_json', compiled.source, error.message);
    throw error;
  }
}

/**
 * @internal Evaluates to the raw CEL value (a condition checks for a boolean itself).
 */
export function evaluateRaw(compiled: CompiledExpression, state: RunState): unknown {
  const context = {
    input: toCelValue(state.input),
    nodes: toCelValue(state.nodes),
    output: toCelValue(state.output),
  };
  try {
    return compiled.program(context);
  } catch (error) {
    throw fromCelError('evaluation', compiled.source, error);
  }
}

/** cel-js errors carry `summary` (one line) and `range`; their `message` adds a multi-line source excerpt. */
function fromCelError(kind: 'syntax' | 'type' | 'evaluation', source: string, error: unknown): ExpressionError {
  const details = (error ?? {}) as { summary?: unknown; message?: unknown; range?: { start?: unknown; end?: unknown } };
  const summary =
    typeof details.summary === 'string' && details.summary
      ? details.summary
      : typeof details.message === 'string'
        ? (details.message.split('\n', 1)[0] ?? '')
        : String(error);
  const range = details.range;
  const position: ExpressionPosition | undefined =
    range && typeof range.start === 'number' && typeof range.end === 'number' ? { start: range.start, end: range.end } : undefined;
  return new ExpressionError(kind, source, summary || 'invalid expression', { ...(position ? { position } : {}), cause: error });
}
