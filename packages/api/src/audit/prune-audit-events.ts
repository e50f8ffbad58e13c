/**
 * Audit events are kept `AUDIT_RETENTION_DAYS` days: the API deletes older ones when it starts
 * and every hour.
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import type { Logger } from 'pino';

const HOUR_MS = 3_600_000;

/**
 * Deletes audit events older than `retentionDays`; returns how many.
 *
 * @example
 * const removed = await pruneAuditEvents(engine, 90);
 */
export async function pruneAuditEvents(engine: Engine, retentionDays: number): Promise<number> {
  const connection = await engine.acquire();
  let broken = false;
  try {
    const result = await connection.query(`DELETE FROM audit_events WHERE created_at < now() - make_interval(days => $1::int)`, [retentionDays]);
    return result.rowCount ?? 0;
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    engine.release(connection, broken);
  }
}

/**
 * Prunes now and then hourly until the returned function is called.
 *
 * @example
 * const stop = scheduleAuditPruning(engine, config.auditRetentionDays, logger);
 * // on shutdown: stop();
 */
export function scheduleAuditPruning(engine: Engine, retentionDays: number, logger: Logger): () => void {
  const prune = () => {
    if (engine.closed) return;
    pruneAuditEvents(engine, retentionDays).then(
      (removed) => {
        if (removed) logger.info({ removed, retentionDays }, 'pruned audit events');
      },
      (error: unknown) => logger.warn({ err: (error as Error).message }, 'pruning audit events failed; retrying in an hour'),
    );
  };
  prune();
  const timer = setInterval(prune, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
