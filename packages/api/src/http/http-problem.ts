/**
 * The API's one HTTP error type, rendered as RFC 9457 `application/problem+json`.
 * @module
 */

const HTTP_PROBLEM = Symbol.for('@agent-studio/api/http-problem');

/** One invalid field of a 422 problem. */
export interface ProblemFieldError {
  readonly path: string;
  readonly message: string;
}

/**
 * An HTTP error with a status, a short title and a human detail; extra members (e.g. `errors`)
 * are added to the problem document.
 *
 * @example
 * throw new HttpProblem(404, 'Not Found', 'agent 3f2c... was not found');
 */
export class HttpProblem extends Error {
  readonly [HTTP_PROBLEM] = true;
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extras: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

/** Type guard for {@link HttpProblem}. */
export function isHttpProblem(value: unknown): value is HttpProblem {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[HTTP_PROBLEM] === true;
}

/** The JSON body of a problem response. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  [extra: string]: unknown;
}

/**
 * Renders a problem as its JSON document.
 *
 * @example
 * res.status(p.status).type('application/problem+json').json(toProblemDocument(p, req.originalUrl, req.id));
 */
export function toProblemDocument(problem: HttpProblem, instance?: string, requestId?: string): ProblemDocument {
  return {
    type: `https://agent-studio.dev/problems/${problem.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
    ...problem.extras,
  };
}
