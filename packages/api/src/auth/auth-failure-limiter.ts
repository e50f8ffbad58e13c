/**
 * Brute-force protection: failed authentications counted per client address with
 * `rate-limiter-flexible`, in PostgreSQL (table `auth_failures`) so every API process shares the
 * count. After `points` failures in `durationS` seconds the address is refused (429 with
 * `Retry-After`) — before its key is even looked up — until the window ends.
 *
 * On the embedded database the count is kept in memory: one process owns the data directory,
 * so memory is as shared as the table, and its single connection stays free for requests.
 * When the table cannot be reached the limiter falls back to memory for that call (the
 * library's insurance limiter) instead of failing the request.
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Limiter settings. */
export interface AuthFailureLimits {
  /** Failures allowed per address within the window. */
  readonly points: number;
  /** The window (and the block that follows exhausting it), in seconds. */
  readonly durationS: number;
}

/** The per-address failure counter. */
export interface AuthFailureLimiter {
  /** Milliseconds until `address` may try again, or 0 when it is not blocked. */
  blockedFor(address: string): Promise<number>;
  /** Records a failure; milliseconds until `address` may try again when this exhausted its budget, else 0. */
  fail(address: string): Promise<number>;
  /** Milliseconds this process already knows `address` is blocked for (no database query). */
  knownBlockedFor(address: string): number;
}

/** `pg`-pool-shaped access to the engine's pool, which RateLimiterPostgres calls with `storeType: 'pool'`. */
function poolOf(engine: Engine): { query(q: { text: string; values?: unknown[]; name?: string }): Promise<unknown> } {
  return {
    async query(q) {
      const connection = await engine.acquire();
      let broken = false;
      try {
        return await connection.query(q);
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        engine.release(connection, broken);
      }
    },
  };
}

/**
 * The limiter for an engine.
 *
 * @example
 * const limiter = createAuthFailureLimiter(engine, { points: 20, durationS: 60 });
 * if (await limiter.blockedFor(req.ip)) return tooMany();
 */
export function createAuthFailureLimiter(engine: Engine, limits: AuthFailureLimits): AuthFailureLimiter {
  const options = { points: limits.points, duration: limits.durationS, blockDuration: limits.durationS, keyPrefix: 'auth' };
  const store: RateLimiterAbstract =
    engine.kind === 'server'
      ? new RateLimiterPostgres({
          ...options,
          storeClient: poolOf(engine),
          storeType: 'pool',
          tableName: 'auth_failures',
          tableCreated: true, // migration 0022
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
  const blockedUntil = new Map<string, number>();

  const remember = (address: string, ms: number): number => {
    if (ms > 0) {
      if (blockedUntil.size > 10_000) blockedUntil.clear();
      blockedUntil.set(address, Date.now() + ms);
    }
    return ms;
  };

  const knownBlockedFor = (address: string): number => {
    const until = blockedUntil.get(address);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left <= 0) blockedUntil.delete(address);
    return Math.max(left, 0);
  };

  return {
    knownBlockedFor,
    async blockedFor(address) {
      const known = knownBlockedFor(address);
      if (known > 0) return known;
      const res = await store.get(address);
      return remember(address, res && res.consumedPoints > limits.points ? res.msBeforeNext : 0);
    },
    async fail(address) {
      try {
        await store.consume(address);
        return 0;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return remember(address, Math.max(rejection.msBeforeNext, 1));
        throw rejection;
      }
    },
  };
}
