/**
 * Bearer API-key authentication for `/api/v1`. Keys are looked up by hash (never compared as
 * plaintext) and verdicts cached for a short TTL, so an authenticated request does not pay a
 * database round trip. A key is an admin API key or a deployment's own key; which routes a
 * deployment key may call is decided per route (`deploymentKey` in the route spec).
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Engine } from '@agent-studio/db/engine';
import { openSession, type ExecSession } from '@agent-studio/db/exec';
import { ApiKeysService, DeploymentsService, isValidationError } from '@agent-studio/sdk';
import type { NextFunction, RequestHandler, Response } from 'express';
import { HttpProblem } from '../http/http-problem.js';
import type { Caller } from './caller.js';

interface Verdict {
  readonly digest: Buffer;
  readonly caller: Caller | null;
  readonly expiresAt: number;
}

/** An admin key first, then a deployment's key (both are looked up by their SHA-256 hash). */
async function findCaller(session: ExecSession, key: string): Promise<Caller | null> {
  const admin = await ApiKeysService.verifyApiKey(session, key);
  if (admin) return { kind: 'admin', apiKeyId: admin.id };
  // a key no deployment could have (e.g. too long) is simply not one
  const deployment = await DeploymentsService.findDeploymentByApiKey(session, key).catch((error: unknown) => {
    if (isValidationError(error)) return null;
    throw error;
  });
  return deployment ? { kind: 'deployment', deploymentId: deployment.id } : null;
}

const MAX_CACHED = 10_000;

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, 'Unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer realm="agent-studio"' });
}

/**
 * Express middleware requiring `Authorization: Bearer <api key>`. Sets `res.locals.caller`
 * ({@link Caller}) and, for an admin key, `res.locals.apiKeyId`.
 *
 * @example
 * app.use('/api/v1', apiKeyAuth(engine, { ttlMs: 30_000 }));
 */
export function apiKeyAuth(engine: Engine, options: { ttlMs: number }): RequestHandler {
  const cache = new Map<string, Verdict>();

  async function lookUp(key: string, digest: Buffer, cacheKey: string): Promise<Verdict> {
    const session = openSession(engine);
    try {
      const verdict = { digest, caller: await findCaller(session, key), expiresAt: Date.now() + options.ttlMs };
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(cacheKey, verdict);
      return verdict;
    } finally {
      await session.close();
    }
  }

  function decide(verdict: Verdict, res: Response, next: NextFunction): void {
    if (!verdict.caller) {
      next(unauthorized('The API key is not valid (unknown or revoked).'));
      return;
    }
    res.locals.caller = verdict.caller;
    if (verdict.caller.kind === 'admin') res.locals.apiKeyId = verdict.caller.apiKeyId;
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
    const digest = createHash('sha256').update(key).digest();
    const cacheKey = digest.toString('hex');
    const cached = cache.get(cacheKey);
    // a fresh cached verdict decides synchronously: no database round trip, no extra promise
    if (cached && cached.expiresAt >= Date.now() && timingSafeEqual(cached.digest, digest)) {
      decide(cached, res, next);
      return;
    }
    lookUp(key, digest, cacheKey).then((verdict) => decide(verdict, res, next), next);
  };
}
