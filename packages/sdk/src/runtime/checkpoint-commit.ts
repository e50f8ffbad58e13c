/**
 * How checkpoint statements commit (durably or not), decided in one place.
 *
 * @module
 */
import type { RuntimeDatabase } from './runtime-database.js';

/**
 * Step checkpoints and lease renewals commit with `synchronous_commit = off` (set inside the
 * statement, `set_config(..., true)`, so it stays one round trip on an autocommit connection):
 * the database stays consistent, but the commit does not wait for the WAL flush (≈ 6 ms on this
 * machine's disk, ≈ 0.1 ms without). If the database server itself crashes, the last few hundred
 * milliseconds of step checkpoints may be lost — those steps then run again, with the same
 * Idempotency-Key, which is the at-least-once promise a worker crash already implies. The invoke
 * (run + job) and a run's terminal status are always committed durably, and so is everything on
 * the embedded database, which runs inside the worker's process and dies with it.
 */
const ASYNC_COMMIT = `c AS (SELECT set_config('synchronous_commit', 'off', true))`;
/** The same CTE keeping durable commits: on the embedded database (it dies with the worker's process). */
const DURABLE_COMMIT = `c AS (SELECT set_config('synchronous_commit', 'on', true))`;

/**
 * The commit-mode CTE for checkpoints on `db` (see {@link ASYNC_COMMIT}).
 *
 * @example
 * await db.executeSql(`WITH ${checkpointCommit(db)} UPDATE ... FROM c ...`);
 */
export function checkpointCommit(db: RuntimeDatabase): string {
  return db.embedded ? DURABLE_COMMIT : ASYNC_COMMIT;
}

/**
 * The select-list item that wakes a run's watchers: `pg_notify(channel, runId)` on the server; on
 * the embedded database, which has no LISTEN (watchers poll), just the channel parameter — so the
 * statement's parameters stay the same and no notification is queued for nobody.
 *
 * @example
 * await db.executeSql(`WITH ... SELECT s.id, ${notifyRun(db, '$8', '$1')} FROM s`, params);
 */
export function notifyRun(db: RuntimeDatabase, channel: string, runId: string): string {
  return db.embedded ? `${channel}::text AS channel, ${runId}::text AS run_id` : `pg_notify(${channel}, ${runId}::text)`;
}
