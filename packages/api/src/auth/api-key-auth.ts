/**
 * Bearer API-key authentication for `/api/v1`. Keys are looked up by hash (never compared as
 * plaintext) and verdicts cached for a short TTL, so an authenticated request does not pay a
 * database round trip.
 *
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Engine } from '@agent-studio/db/engine';
import { openSession } from '@agent-studio/db/exec';
import { ApiKeysService } from '@agent-studio/sdk';
import type { RequestHandler } from 'express';
import { HttpProblem } from '../http/http-problem.js';

interface Verdict {
  readonly digest: Buffer;
  readonly keyId: string | null;
  readonly expiresAt: number;
}

const MAX_CACHED = 10_000;

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(401, 'Unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer realm="agent-studio"' });
}

/**
 * Express middleware requiring `Authorization: Bearer <api key>`. Sets `res.locals.apiKeyId`.
 *
 * @example
 * app.use('/api/v1', apiKeyAuth(engine, { ttlMs: 30_000 }));
 */
export function apiKeyAuth(engine: Engine, options: { ttlMs: number }): RequestHandler {
  const cache = new Map<string, Verdict>();
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      next(unauthorized('Send an API key as "Authorization: Bearer <key>".'));
      return;
    }
    const key = match[1]!;
    const digest = createHash('sha256').update(key).digest();
    const cacheKey = digest.toString('hex');
    let verdict = cache.get(cacheKey);
    if (!verdict || verdict.expiresAt < Date.now() || !timingSafeEqual(verdict.digest, digest)) {
      const session = openSession(engine);
      try {
        const found = await ApiKeysService.verifyApiKey(session, key);
        verdict = { digest, keyId: found?.id ?? null, expiresAt: Date.now() + options.ttlMs };
      } finally {
        await session.close();
      }
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(cacheKey, verdict);
    }
    if (!verdict.keyId) {
      next(unauthorized('The API key is not valid (unknown or revoked).'));
      return;
    }
    res.locals.apiKeyId = verdict.keyId;
    next();
  };
}
