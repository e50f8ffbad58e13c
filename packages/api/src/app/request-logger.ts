/**
 * Request ids and one access-log line per request.
 *
 * Every request gets an id (the client's `X-Request-Id` when it is sane, else a UUID), echoed in
 * the `X-Request-Id` response header and kept in `res.locals.requestId` for error documents.
 * When the response is finished — or the client went away — one JSON line is written at `info`
 * (2xx/3xx), `warn` (4xx) or `error` (5xx, aborted): `reqId`, `req.method`, `req.url`,
 * `res.statusCode`, `responseTime` (ms). Headers are never logged, so credentials cannot leak
 * through the access log; the logger's redaction covers anything else.
 *
 * Why not pino-http: it builds a child logger bound to the serialized request for every request,
 * even when the level is silent. Measured by `pnpm bench`, that cost a fifth of the API's
 * throughput on a primary-key read; this middleware does the same job with no per-request
 * allocation beyond the id and the line it writes.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';

/** What a client may send as `X-Request-Id` to have it echoed (anything else is replaced). */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The request's id, set by {@link requestLogger} (undefined outside a logged request).
 *
 * @example
 * logger.error({ reqId: requestIdOf(res), err }, 'unhandled error');
 */
export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === 'string' ? id : undefined;
}

function levelFor(statusCode: number, finished: boolean): Level {
  if (!finished || statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}

/**
 * The middleware: mount it first.
 *
 * @example
 * app.use(requestLogger(createLogger('info')));
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    const start = performance.now();
    // 'close' fires once per response: after it was sent, or when the client went away
    res.on('close', () => {
      const finished = res.writableFinished;
      const level = levelFor(res.statusCode, finished);
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          reqId: id,
          req: { method: req.method, url: req.originalUrl },
          res: { statusCode: res.statusCode },
          responseTime: Math.round((performance.now() - start) * 10) / 10,
        },
        finished ? 'request completed' : 'request aborted',
      );
    });
    next();
  };
}
