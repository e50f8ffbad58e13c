/**
 * Maps any error that reaches the error handler to an {@link HttpProblem}: SDK errors to
 * 404/409/422, database unavailability to 503, body-parser failures to 400/413/415. Anything else
 * is a bug: a 500 whose detail says nothing about internals.
 *
 * @module
 */
import { isDatabaseUnavailableError, isInvalidIdError, isPoolTimeoutError, isQueryError } from '@agent-studio/db/exec';
import { isConflictError, isInvalidStateError, isNotFoundError, isValidationError } from '@agent-studio/sdk';
import { HttpProblem, isHttpProblem, type ProblemFieldError } from './http-problem.js';
import { isJsonTooDeepError } from './json-depth.js';

const CONFLICT_KINDS = new Set<string>(['unique_violation', 'foreign_key_violation', 'check_violation', 'serialization_failure']);

interface BodyParserError {
  type?: string;
  status?: number;
}

/** What the route that failed knows of its request: set by `registerRoutes` before its handler runs. */
export interface ProblemContext {
  /** The `params.` / `query.` / `body.` path of a field a service rejected (services see values, not where they came from). */
  readonly locate: (path: readonly (string | number)[]) => string;
  /** The request sent `If-Match`: a stale version is then a 412, not a 409. */
  readonly ifMatch: boolean;
}

// Express's extension point for typed `res.locals`
// eslint-disable-next-line @typescript-eslint/no-namespace
declare global { namespace Express { interface Locals { problemContext?: ProblemContext } } }

/** True when the problem is a bug (to be logged with its stack). */
export function isServerBug(problem: HttpProblem): boolean {
  return problem.status >= 500 && problem.status !== 503;
}

const unprocessable = (detail: string, errors: readonly ProblemFieldError[]) => new HttpProblem(422, detail, { extras: { errors } });

/**
 * The problem to answer for `error`, its field paths named as `context` says.
 *
 * @example
 * const problem = toHttpProblem(err, res.locals.problemContext);
 */
export function toHttpProblem(error: unknown, context?: ProblemContext): HttpProblem {
  const locate = context?.locate ?? ((path) => path.join('.'));
  if (isHttpProblem(error)) return error;
  if (isNotFoundError(error)) return new HttpProblem(404, error.message);
  if (isValidationError(error)) return unprocessable(error.message, error.issues.map((i) => ({ path: locate(i.path), message: i.message })));
  if (isConflictError(error) && error.reason === 'stale_version' && context?.ifMatch) return new HttpProblem(412, error.message);
  if (isConflictError(error)) return new HttpProblem(409, error.message, { extras: { reason: error.reason, fields: [...error.fields] } });
  if (isInvalidStateError(error)) return new HttpProblem(409, error.message, { extras: { reason: 'invalid_state' } });
  if (isInvalidIdError(error)) return unprocessable(error.message, [{ path: locate([error.attribute]), message: 'must be a UUID' }]);
  if (isPoolTimeoutError(error) || isDatabaseUnavailableError(error) || (isQueryError(error) && error.kind === 'statement_timeout')) {
    return new HttpProblem(503, 'The database is unavailable or overloaded; retry shortly.', { headers: { 'Retry-After': '2' } });
  }
  // SQLSTATE class 22 (data exception) is the client's input, never a bug: e.g. a NUL character
  // (\u0000) in a string or JSON value, which PostgreSQL cannot store (22021 / 22P05).
  if (isQueryError(error) && (error.kind === 'invalid_input' || error.sqlState?.startsWith('22'))) {
    return unprocessable('A value in the request cannot be stored by the database (for example a NUL character, \\u0000, in a string).', [
      { path: '', message: 'contains a value the database cannot store' },
    ]);
  }
  // constraint or serialization failures that only surface at COMMIT (deferred checks, concurrent
  // transactions): the data changed under the request, not a bug
  if (isQueryError(error) && CONFLICT_KINDS.has(error.kind)) {
    return new HttpProblem(409, 'The change conflicts with the current data; reload it and retry.', { extras: { reason: error.kind } });
  }
  if (isJsonTooDeepError(error)) {
    return unprocessable(`The request body is nested deeper than ${error.maxDepth} levels.`, [
      { path: 'body', message: `nesting deeper than ${error.maxDepth} levels` },
    ]);
  }
  const bodyError = (error ?? {}) as BodyParserError;
  switch (bodyError.type) {
    case 'entity.parse.failed':
      return new HttpProblem(400, 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new HttpProblem(413, 'The request body is larger than the configured limit.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, 'The request body encoding is not supported.');
    default:
      break;
  }
  if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return new HttpProblem(bodyError.status, 'The request could not be read.');
  }
  return new HttpProblem(500, 'An unexpected error occurred; it has been logged with the request id.');
}
