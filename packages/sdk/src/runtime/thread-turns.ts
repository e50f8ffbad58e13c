/**
 * Threads of a deployed agent, on the engine's side: a turn (run) is opened under the thread's
 * row lock, runs only once the turn before it has ended (later turns wait without a queue job,
 * so no worker slot is spent waiting), reads the thread's history when it executes, and — when it
 * succeeds — appends its messages in the same transaction that ends it, then hands the thread to
 * the next waiting turn. All SQL on the caller's session.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import type { JsonValue } from '@agent-studio/db/models';
import { agentMessages } from './agent-node.js';
import { chatMessagesSchema, type ChatMessage } from './agent/chat-message.js';
import { enqueueRunJob } from './run-queue.js';

/** A turn just opened on a thread. */
export interface OpenedTurn {
  /** The thread's row id (`runs.thread_id`). */
  readonly threadId: string;
  /** This turn's number (1, 2, ...). */
  readonly turn: number;
  /** True when no earlier turn is unfinished: the run is enqueued now (and holds the thread). */
  readonly runsNow: boolean;
}

/**
 * Opens the next turn of the thread `key` of a deployment (creating the thread on first use) and
 * locks the thread's row until the caller's transaction ends, so turns are numbered in commit
 * order. Call {@link attachTurn} once the run row exists.
 *
 * @example
 * const turn = await openTurn(session, deploymentId, 'chat-42');
 */
export async function openTurn(session: ExecSession, deploymentId: string, key: string): Promise<OpenedTurn> {
  await session.executeSql(
    `INSERT INTO threads (deployment_id, key) VALUES ($1, $2) ON CONFLICT (deployment_id, key) DO NOTHING`,
    [deploymentId, key],
  );
  const { rows } = await session.executeSql<{ id: string; turn: number; busy: boolean }>(
    `WITH t AS (SELECT id, active_run_id FROM threads WHERE deployment_id = $1 AND key = $2 FOR UPDATE)
     UPDATE threads SET turn_count = turn_count + 1, updated_at = now() FROM t
     WHERE threads.id = t.id
     RETURNING threads.id, threads.turn_count AS turn,
       EXISTS (SELECT 1 FROM runs r WHERE r.id = t.active_run_id AND r.status IN ('queued', 'running')) AS busy`,
    [deploymentId, key],
  );
  const row = rows[0]!;
  return { threadId: row.id, turn: row.turn, runsNow: !row.busy };
}

/**
 * Records the run of an opened turn; when it runs now it becomes the thread's active turn and
 * its job is sent (else the turn ending before it sends it).
 *
 * @example
 * await attachTurn(session, turn, run.id, { deadlineMs, jobId });
 */
export async function attachTurn(session: ExecSession, turn: OpenedTurn, runId: string, job: { deadlineMs: number; jobId: string }): Promise<void> {
  await session.executeSql(
    `UPDATE runs SET thread_id = $2, thread_turn = $3, job_id = CASE WHEN $4::boolean THEN job_id ELSE NULL END WHERE id = $1`,
    [runId, turn.threadId, turn.turn, turn.runsNow],
  );
  if (!turn.runsNow) return;
  await session.executeSql('UPDATE threads SET active_run_id = $2 WHERE id = $1', [turn.threadId, runId]);
  await enqueueRunJob(session, runId, job);
}

/**
 * The thread's conversation so far, in order (what the run's own messages follow).
 *
 * @example
 * const history = await threadHistory(session, run.threadId);
 */
export async function threadHistory(session: ExecSession, threadId: string): Promise<ChatMessage[]> {
  const { rows } = await session.executeSql<{ message: JsonValue }>(
    'SELECT message FROM thread_messages WHERE thread_id = $1 ORDER BY position',
    [threadId],
  );
  return chatMessagesSchema.parse(rows.map((r) => r.message));
}

/** The messages a succeeded turn adds: what the client sent, then the agent's answer as text. */
function turnMessages(input: JsonValue, output: JsonValue | undefined): ChatMessage[] {
  const content = typeof output === 'string' ? output : JSON.stringify(output ?? '');
  return [...agentMessages(input), { role: 'assistant', content }];
}

/**
 * Ends a turn, in the transaction that ends its run: a succeeded turn appends its messages (the
 * client's, then the answer); then, if it held the thread, the next waiting turn gets the thread
 * and its job.
 *
 * @example
 * await endTurn(session, { runId, threadId, input, status: 'succeeded', output: 'Hello!' });
 */
export async function endTurn(
  session: ExecSession,
  ended: { runId: string; threadId: string; input: JsonValue; status: string; output?: JsonValue },
): Promise<void> {
  const { rows } = await session.executeSql<{ active: string | null; count: number }>(
    'SELECT active_run_id AS active, message_count AS count FROM threads WHERE id = $1 FOR UPDATE',
    [ended.threadId],
  );
  const thread = rows[0];
  if (!thread) return;
  if (ended.status === 'succeeded') {
    const messages = turnMessages(ended.input, ended.output);
    await session.executeSql(
      `INSERT INTO thread_messages (thread_id, position, message, run_id)
       SELECT $1, $2::int + m.ord::int - 1, m.message, $4 FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS m(message, ord)`,
      [ended.threadId, thread.count, JSON.stringify(messages), ended.runId],
    );
    await session.executeSql('UPDATE threads SET message_count = message_count + $2, updated_at = now() WHERE id = $1', [ended.threadId, messages.length]);
  }
  if (thread.active !== ended.runId) return;
  const { rows: next } = await session.executeSql<{ id: string; deadline_at: Date | null }>(
    `SELECT id, deadline_at FROM runs WHERE thread_id = $1 AND status = 'queued' AND job_id IS NULL AND id <> $2
     ORDER BY thread_turn LIMIT 1 FOR UPDATE`,
    [ended.threadId, ended.runId],
  );
  const waiting = next[0];
  await session.executeSql('UPDATE threads SET active_run_id = $2 WHERE id = $1', [ended.threadId, waiting?.id ?? null]);
  if (!waiting) return;
  const deadlineMs = Math.max(1_000, (waiting.deadline_at?.getTime() ?? Date.now() + 600_000) - Date.now());
  const jobId = await enqueueRunJob(session, waiting.id, { deadlineMs });
  await session.executeSql('UPDATE runs SET job_id = $2 WHERE id = $1', [waiting.id, jobId]);
}
