/**
 * `ExpressionError`: a condition or input-mapping expression that does not parse, does not
 * type-check, fails to evaluate or gives the wrong kind of value.
 *
 * @module
 */
import { brandedError } from '@agent-studio/db/exec';

const { ErrorBase, isBranded } = brandedError('@agent-studio/sdk/expression-error');

/**
 * What went wrong: `syntax` (does not parse), `type` (parses, but names an unknown variable or
 * uses no existing overload, e.g. `"a" + 1`), `too_long`, `evaluation` (failed on this run
 * state, e.g. a missing key), `not_boolean` (a condition gave something else), `not_json` (a
 * mapping value that JSON cannot hold, e.g. `1.0/0.0`).
 */
export type ExpressionErrorKind = 'syntax' | 'type' | 'too_long' | 'evaluation' | 'not_boolean' | 'not_json';

/**
 * Where in the expression text the problem is: character offsets, `end` exclusive.
 *
 * @example
 * const at: ExpressionPosition = { start: 0, end: 1 };
 */
export interface ExpressionPosition {
  readonly start: number;
  readonly end: number;
}

/**
 * Options of an {@link ExpressionError}.
 *
 * @example
 * const options: ExpressionErrorOptions = { position: { start: 3, end: 3 }, path: ['body', 'id'] };
 */
export interface ExpressionErrorOptions {
  /** Where in the expression (when the parser or evaluator knows). */
  readonly position?: ExpressionPosition;
  /** For an input mapping: the JSON path of the template string holding the expression. */
  readonly path?: readonly (string | number)[];
  readonly cause?: unknown;
}

/**
 * A bad expression. `message` is one line: the parser's summary and the character position
 * (e.g. `Unexpected token: RPAREN at character 1`), prefixed with the mapping path when there
 * is one.
 *
 * @example
 * try { compileCondition(')) nonsense (('); } catch (e) { if (isExpressionError(e)) console.log(e.kind, e.position); }
 */
export class ExpressionError extends ErrorBase {
  readonly position?: ExpressionPosition;
  readonly path: readonly (string | number)[];

  constructor(
    readonly kind: ExpressionErrorKind,
    /** The expression's text. */
    readonly expression: string,
    /** What is wrong, without position or path (they are added to `message`). */
    readonly detail: string,
    options: ExpressionErrorOptions = {},
  ) {
    const where = options.path && options.path.length > 0 ? `${options.path.join('.')}: ` : '';
    super(`${where}${summarize(detail, options.position)}`, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.position) this.position = options.position;
    this.path = options.path ?? [];
  }

  /**
   * The message without the mapping path: what is wrong and where in the expression.
   *
   * @example
   * try { compileCondition(')) nonsense (('); } catch (e) { if (isExpressionError(e)) e.summary; } // 'Unexpected token: RPAREN at character 1'
   */
  get summary(): string {
    return summarize(this.detail, this.position);
  }

  /**
   * The same error at a JSON path of an input-mapping template.
   *
   * @example
   * throw error.at(['body', 'id']);
   */
  at(path: readonly (string | number)[]): ExpressionError {
    return new ExpressionError(this.kind, this.expression, this.detail, {
      ...(this.position ? { position: this.position } : {}),
      path,
      cause: this.cause,
    });
  }
}

function summarize(detail: string, position: ExpressionPosition | undefined): string {
  return position ? `${detail} at character ${position.start + 1}` : detail;
}

/**
 * True for an {@link ExpressionError} (also across the ESM and CJS builds).
 *
 * @example
 * if (isExpressionError(error)) issues.push({ code: 'invalid_expression', message: error.message });
 */
export function isExpressionError(value: unknown): value is ExpressionError {
  return isBranded(value);
}
