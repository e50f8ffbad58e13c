/**
 * A PostgreSQL advisory try-lock that never takes a connection from the engine's pool.
 *
 * @module
 */
import pg from 'pg';
import type { Engine } from './engine.js';
import { translateError } from './translate-error.js';

/** A held advisory lock; `release()` is idempotent and never throws. */
export interface AdvisoryLock {
  readonly key: number;
  release(): Promise<void>;
}

/** Keys held in this process, per engine (the embedded database's lock). */
const heldInProcess = new WeakMap<Engine, Set<number>>();

/**
 * Takes the session-level advisory lock `key` if it is free, or returns `null` at once (never
 * waits).
 *
 * - On a PostgreSQL server: `pg_try_advisory_lock(key)` on a **dedicated connection outside the
 *   engine's pool**, held until `release()` (which unlocks and closes it). Outside the pool, so
 *   the lock never takes a connection away from the work it guards, and a crashed process's
 *   lock goes with its connection. Any process on the same database contends for it.
 * - On the embedded database: an in-process lock per engine and key. PGlite's pool has one
 *   connection (a lock held on it would block the guarded work), and its data directory admits
 *   one process, so nobody else can contend.
 *
 * @throws {DatabaseUnavailableError} when the lock connection cannot be opened.
 * @example
 * const lock = await tryAdvisoryLock(engine, 0x61676d68);
 * if (!lock) return; // someone else holds it
 * try { ... } finally { await lock.release(); }
 */
export async function tryAdvisoryLock(engine: Engine, key: number): Promise<AdvisoryLock | null> {
  if (!Number.isSafeInteger(key)) throw new RangeError(`tryAdvisoryLock: key must be an integer, got ${String(key)}`);
  const target = engine.config.target;
  if (target.kind !== 'server') {
    const held = heldInProcess.get(engine) ?? new Set<number>();
    heldInProcess.set(engine, held);
    if (held.has(key)) return null;
    held.add(key);
    return onceOnly(key, () => {
      held.delete(key);
      return Promise.resolve();
    });
  }

  const client = new pg.Client({
    connectionString: target.url,
    application_name: 'agent-studio-advisory-lock',
    connectionTimeoutMillis: Math.max(engine.config.acquireTimeoutMs, 2_000),
  });
  client.on('error', () => undefined); // a dropped lock connection surfaces on release
  try {
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!rows[0]?.locked) {
      await client.end().catch(() => undefined);
      return null;
    }
  } catch (e) {
    await client.end().catch(() => undefined);
    throw translateError(e);
  }
  return onceOnly(key, async () => {
    await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    await client.end().catch(() => undefined); // ending the connection releases the lock anyway
  });
}

function onceOnly(key: number, release: () => Promise<void>): AdvisoryLock {
  let releasing: Promise<void> | undefined;
  return { key, release: () => (releasing ??= release()) };
}
