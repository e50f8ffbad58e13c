/**
 * One exec session per request — the original system's `get_db()`, without its pitfalls:
 * opened lazily on first use, **committed before the response is sent** (a failed commit is an
 * error response, never a 2xx), rolled back on any error, and closed when the response finishes
 * or the client goes away.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { openSession, type ExecSession } from '@agent-studio/db/exec';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** What a handler gets: the request, and the request's session (typed `ExecSession`). */
export interface HandlerContext {
  readonly req: Request;
  readonly res: Response;
  /** Opened on first access; committed by the framework after the handler returns. */
  readonly session: ExecSession;
}

/** What a handler returns: status (default 200), body (JSON; none for 204) and headers. */
export interface HandlerResult {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Wraps a handler so that it runs in the request's session, which is committed before the
 * response is written.
 *
 * @example
 * router.get('/agents/:id', withRequestSession(engine, async ({ req, session }) => ({
 *   body: await AgentsService.getAgent(session, req.params.id),
 * })));
 */
export function withRequestSession(engine: Engine, handler: (ctx: HandlerContext) => Promise<HandlerResult>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    let session: ExecSession | undefined;
    const ctx: HandlerContext = {
      req,
      res,
      get session() {
        session ??= openSession(engine);
        return session;
      },
    };
    // 'close' fires after the response is sent and when the client aborts: release either way
    res.on('close', () => {
      void session?.close();
    });
    let result: HandlerResult;
    try {
      result = await handler(ctx);
      if (session) await session.commit();
    } catch (error) {
      if (session) await session.rollback().catch(() => undefined);
      next(error);
      return;
    }
    if (res.writableEnded || res.destroyed) return;
    res.status(result.status ?? 200);
    if (result.headers) res.set(result.headers);
    if (result.body === undefined) res.end();
    else res.json(result.body);
  };
}
