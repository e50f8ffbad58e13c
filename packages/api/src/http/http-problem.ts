/**
 * The API's one HTTP error type, rendered as RFC 9457 `application/problem+json`.
 * @module
 */
import { brandedError } from '@agent-studio/db/exec';
import { statusTitle } from './status-title.js';

const { ErrorBase, isBranded } = brandedError('@agent-studio/api/http-problem');

/** One invalid field of a 422 problem. */
export interface ProblemFieldError {
  readonly path: string;
  readonly message: string;
}

/** What a problem carries besides its status and detail: document members (e.g. `errors`), response headers. */
export interface HttpProblemOptions {
  readonly extras?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An HTTP error with a status and a human detail; its title is the status's reason phrase.
 *
 * @example
 * throw new HttpProblem(503, 'retry shortly', { headers: { 'Retry-After': '1' } });
 */
export class HttpProblem extends ErrorBase {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly options: HttpProblemOptions = {},
  ) {
    super(detail);
  }

  get title(): string {
    return statusTitle(this.status);
  }
}

/** Type guard for {@link HttpProblem}. */
export const isHttpProblem = (value: unknown): value is HttpProblem => isBranded(value);

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
    ...problem.options.extras,
  };
}
