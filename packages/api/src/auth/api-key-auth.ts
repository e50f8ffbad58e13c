/**
 * Bearer-key authentication for `/api/v1`. Keys are looked up by hash (never compared as
 * plaintext) and verdicts cached ({@link CallerCache}), so an authenticated request does not pay
 * a database round trip; revocations reach the cache at once on the revoking process and through
 * LISTEN/NOTIFY on the others. Failed attempts are rate-limited per client address
 * ({@link AuthFailureLimiter}); a string that cannot be a key is refused without any query.
 * Sets `res.locals.caller`.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { Engine } from '@agent-studio/db/engine';
import { openSession } from '@agent-studio/db/exec';
import { ApiKeysService, couldBeApiKey, type Caller } from '@agent-studio/sdk';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpProblem } from '../http/http-problem.js';
import type { AuthFailureLimiter } from './auth-failure-limiter.js';
import type { CallerCache } from './caller-cache.js';

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, detail, { headers: { 'WWW-Authenticate': 'Bearer realm="agent-studio"' } });
}

function tooManyFailures(ms: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new HttpProblem(429, `Too many failed authentications from this address; retry in ${seconds} s.`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

/** The address failures are counted against: Express's `req.ip` (honours `trust proxy` only when configured). */
function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** What {@link apiKeyAuth} works with. */
export interface ApiKeyAuthOptions {
  readonly cache: CallerCache;
  readonly limiter: AuthFailureLimiter;
}

/**
 * Express middleware requiring `Authorization: Bearer <key>` (an API key or a deployment key).
 *
 * @example
 * app.use('/api/v1', apiKeyAuth(engine, { cache: new CallerCache(30_000), limiter }));
 */
export function apiKeyAuth(engine: Engine, { cache, limiter }: ApiKeyAuthOptions): RequestHandler {
  async function lookUp(key: string, digest: Buffer, address: string): Promise<Caller> {
    const blocked = await limiter.blockedFor(address);
    if (blocked > 0) throw tooManyFailures(blocked);
    const session = openSession(engine);
    let caller: Caller | null;
    try {
      caller = await ApiKeysService.authenticateKey(session, key);
    } finally {
      await session.close();
    }
    if (!caller || cache.isRevoked(caller)) {
      const retry = await limiter.fail(address);
      if (retry > 0) throw tooManyFailures(retry);
      throw unauthorized('The key is not valid (unknown or revoked).');
    }
    cache.set(digest, caller);
    return caller;
  }

  function admit(caller: Caller, res: Response, next: NextFunction): void {
    res.locals.caller = caller;
    next();
  }

  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      next(unauthorized('Send an API key as "Authorization: Bearer <key>".'));
      return;
    }
    const key = match[1]!;
    if (!couldBeApiKey(key)) {
      // cannot be a key: no lookup, no query (an address already known to be blocked stays blocked)
      const blocked = limiter.knownBlockedFor(clientAddress(req));
      next(blocked > 0 ? tooManyFailures(blocked) : unauthorized('The key is not valid (unknown or revoked).'));
      return;
    }
    const digest = createHash('sha256').update(key).digest();
    const cached = cache.get(digest);
    // a fresh cached verdict decides synchronously: no database round trip, no extra promise
    if (cached) {
      admit(cached, res, next);
      return;
    }
    lookUp(key, digest, clientAddress(req)).then((caller) => admit(caller, res, next), next);
  };
}
