/**
 * One exec session per request — the original system's `get_db()`, without its pitfalls:
 * opened lazily on first use, **committed before the response is sent** (a failed commit is an
 * error response, never a 2xx), rolled back on any error, and closed when the response finishes
 * or the client goes away.
 *
 * A handler whose answer depends on work other processes do with the committed rows (waiting
 * for a run, streaming its events) returns an {@link AfterCommitResult} or a
 * {@link StreamResult}: the framework commits and releases the session first, then runs it.
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
  /**
   * Aborted when the client goes away (its connection closes) before the answer is written:
   * hand it to long work (an MCP probe) so that work stops with it.
   */
  readonly signal: AbortSignal;
}

/** A JSON answer: status (default 200), body (JSON; none for 204) and headers. */
export interface ReplyResult {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What work after the commit gets: the request and a signal aborted when the client goes away. */
export interface AfterCommitContext {
  readonly req: Request;
  /** Aborted when the connection closes before the answer is written. */
  readonly signal: AbortSignal;
}

/**
 * An answer decided after the request's session is committed and released (e.g. `Prefer: wait`
 * on a run another process executes). The session cannot be used in `afterCommit`.
 */
export interface AfterCommitResult {
  readonly afterCommit: (ctx: AfterCommitContext) => Promise<ReplyResult>;
}

/** What a stream gets: {@link AfterCommitContext} plus the response to write to. */
export interface StreamContext extends AfterCommitContext {
  readonly res: Response;
}

/**
 * A streamed answer (server-sent events), written after the request's session is committed and
 * released. `stream` writes the head and the body itself and resolves when it has ended the
 * response; a failure before the head is written is an ordinary problem response.
 */
export interface StreamResult {
  readonly stream: (ctx: StreamContext) => Promise<void>;
}

/** What a handler returns: a reply now, a reply after the commit, or a stream after the commit. */
export type HandlerResult = ReplyResult | AfterCommitResult | StreamResult;

/**
 * True for the results that run after the commit.
 *
 * @example
 * if (!isDeferredResult(result)) res.status(result.status ?? 200);
 */
export function isDeferredResult(result: HandlerResult): result is AfterCommitResult | StreamResult {
  return 'afterCommit' in result || 'stream' in result;
}

function write(res: Response, result: ReplyResult): void {
  if (res.writableEnded || res.destroyed) return;
  res.status(result.status ?? 200);
  if (result.headers) res.set(result.headers);
  if (result.body === undefined) res.end();
  else res.json(result.body);
}

async function runDeferred(req: Request, res: Response, next: NextFunction, result: AfterCommitResult | StreamResult): Promise<void> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  res.once('close', abort);
  if (res.destroyed || req.socket.destroyed) abort(); // it left while the handler ran
  try {
    if ('stream' in result) {
      await result.stream({ req, res, signal: controller.signal });
      if (!res.writableEnded) res.end();
    } else {
      write(res, await result.afterCommit({ req, signal: controller.signal }));
    }
  } catch (error) {
    if (controller.signal.aborted || res.destroyed) return; // the client left: nobody to answer
    if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
    else next(error);
  } finally {
    res.off('close', abort);
  }
}

/**
 * Wraps a handler so that it runs in the request's session, which is committed before the
 * response is written (and, for deferred results, released before they run).
 *
 * @example
 * router.get('/agents/:id', withRequestSession(engine, async ({ req, session }) => ({
 *   body: await AgentsService.getAgent(session, req.params.id),
 * })));
 */
export function withRequestSession(engine: Engine, handler: (ctx: HandlerContext) => Promise<HandlerResult>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    let session: ExecSession | undefined;
    let released = false;
    const gone = new AbortController();
    const ctx: HandlerContext = {
      req,
      res,
      signal: gone.signal,
      get session() {
        if (released) throw new Error('the request session was used after its commit (in afterCommit or stream)');
        session ??= openSession(engine);
        return session;
      },
    };
    // 'close' fires after the response is sent and when the client aborts: release either way
    res.on('close', () => {
      if (!res.writableEnded) gone.abort(); // closed before the answer was written: the client left
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
    if (!isDeferredResult(result)) {
      write(res, result);
      return;
    }
    // waiting or streaming must not hold a pooled connection
    released = true;
    await session?.close();
    await runDeferred(req, res, next, result);
  };
}
