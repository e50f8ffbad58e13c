/**
 * Appends events to a run's log. Every writer of a run's events locks the run row first, so a
 * run's event ids increase in commit order and a reader that asks for "after id N" never misses
 * an event that commits later with a smaller id.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import type { JsonValue } from '@agent-studio/db/models';
import { RUN_CHANNELS } from './run-channels.js';
import type { RunEventType } from './run-event-types.js';
import type { RuntimeDatabase } from './runtime-database.js';
import { checkpointCommit, notifyRun } from './checkpoint-commit.js';

/**
 * Appends one event (and notifies watchers when the session commits). Returns the event id.
 *
 * @example
 * await appendRunEvent(session, runId, 'run.queued', { deploymentId });
 */
export async function appendRunEvent(
  session: ExecSession,
  runId: string,
  type: RunEventType,
  data: JsonValue = {},
  stepKey: string | null = null,
): Promise<string> {
  const { rows } = await session.executeSql<{ id: string }>(
    `WITH r AS (SELECT id FROM runs WHERE id = $1 FOR UPDATE),
          e AS (INSERT INTO run_events (run_id, type, step_key, data) SELECT r.id, $2, $3, $4 FROM r RETURNING id)
     SELECT e.id::text AS id, pg_notify($5, $1::text) FROM e`,
    [runId, type, stepKey, JSON.stringify(data), RUN_CHANNELS.events],
  );
  if (!rows[0]) throw new Error(`run ${runId} does not exist`);
  return rows[0].id;
}

/**
 * Appends a `token` event (streamed model output) on an autocommit connection without waiting
 * for the WAL flush: tokens are a live view; the answer itself is checkpointed with its step.
 *
 * @example
 * await appendTokenEvent(db, runId, 'respond/model#1', 'Hel');
 */
export async function appendTokenEvent(db: RuntimeDatabase, runId: string, stepKey: string, text: string): Promise<void> {
  await db.executeSql(
    `WITH ${checkpointCommit(db)},
          r AS (SELECT id FROM runs, c WHERE id = $1 FOR UPDATE OF runs),
          e AS (INSERT INTO run_events (run_id, type, step_key, data) SELECT r.id, 'token', $2, $3 FROM r RETURNING id)
     SELECT ${notifyRun(db, '$4', '$1')} FROM e`,
    [runId, stepKey, JSON.stringify({ text }), RUN_CHANNELS.events],
    { prepared: true },
  );
}
