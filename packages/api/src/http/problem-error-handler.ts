/**
 * The last middleware of the app: every error becomes an RFC 9457 problem document; a 500 is
 * logged with the request id; a response whose headers already went out is cut off instead.
 *
 * @module
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { requestIdOf } from '../app/request-logger.js';
import { toProblemDocument } from './http-problem.js';
import { isServerBug, toHttpProblem } from './to-http-problem.js';

/**
 * The error handler, logging server bugs to `logger`.
 *
 * @example
 * app.use(problemErrorHandler(logger));
 */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const problem = toHttpProblem(error, res.locals.problemContext);
    if (isServerBug(problem)) logger.error({ reqId: requestIdOf(res), err: error }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(problem.status)
      .set(problem.options.headers ?? {})
      .type('application/problem+json')
      .send(JSON.stringify(toProblemDocument(problem, req.originalUrl, requestIdOf(res))));
  };
}
