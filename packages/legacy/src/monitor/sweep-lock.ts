/**
 * "Never two sweeps at once": an in-process guard per engine, plus a PostgreSQL advisory lock
 * across processes on a server.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import pg from 'pg';

/**
 * The advisory-lock key of the MCP health sweep ("agmh"), in the database the engine uses.
 *
 * @example
 * // SELECT pg_try_advisory_lock(1634168168) answers false while a monitor sweeps
 */
export const SWEEP_LOCK_KEY = 0x61_67_6d_68;

/** A held sweep lock; `release()` is idempotent and never throws. */
export interface SweepLock {
  release(): Promise<void>;
}

/** Engines with a sweep running in this process. */
const sweepingEngines = new WeakSet<Engine>();

/**
 * Takes the sweep lock, or returns why not.
 *
 * - Always: an in-process guard per engine object (`'busy'` when a monitor in this process is
 *   already sweeping on it).
 * - On a PostgreSQL server: also `pg_try_advisory_lock` (session-level) on a **dedicated
 *   connection outside the engine's pool**, held for the sweep and closed by `release()`
 *   (`'locked'` when another process holds it). Outside the pool, so the lock never takes a
 *   connection away from the sweep's own writes, and a crashed process's lock goes with its
 *   connection.
 * - On the embedded database (`engine.kind === 'embedded'`): the in-process guard alone — the
 *   fallback that works on the embedded database. Its pool has ONE connection, and an advisory
 *   lock held on it would block the sweep's own writes; the data directory is locked to one
 *   process anyway, so no other process can sweep it.
 *
 * @example
 * const lock = await acquireSweepLock(engine);
 * if (typeof lock === 'string') return; // 'busy' | 'locked'
 * try { ... } finally { await lock.release(); }
 */
export async function acquireSweepLock(engine: Engine): Promise<SweepLock | 'busy' | 'locked'> {
  if (sweepingEngines.has(engine)) return 'busy';
  sweepingEngines.add(engine);
  const releaseGuard = (): void => {
    sweepingEngines.delete(engine);
  };
  const target = engine.config.target;
  if (target.kind !== 'server') return onceOnly(() => Promise.resolve(releaseGuard()));

  let client: pg.Client | undefined;
  try {
    client = new pg.Client({
      connectionString: target.url,
      application_name: 'agent-studio-mcp-monitor-lock',
      connectionTimeoutMillis: Math.max(engine.config.acquireTimeoutMs, 2_000),
    });
    client.on('error', () => undefined); // a dropped lock connection surfaces on release
    await client.connect();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [SWEEP_LOCK_KEY]);
    if (!rows[0]?.locked) {
      await client.end().catch(() => undefined);
      releaseGuard();
      return 'locked';
    }
  } catch (e) {
    await client?.end().catch(() => undefined);
    releaseGuard();
    throw e;
  }
  const held = client;
  return onceOnly(async () => {
    try {
      await held.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]).catch(() => undefined);
      await held.end().catch(() => undefined); // ending the connection releases the lock anyway
    } finally {
      releaseGuard();
    }
  });
}

function onceOnly(release: () => Promise<void>): SweepLock {
  let releasing: Promise<void> | undefined;
  return {
    release: () => (releasing ??= release()),
  };
}
