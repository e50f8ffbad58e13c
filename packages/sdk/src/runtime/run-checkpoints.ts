/**
 * The run engine's checkpoints: each function is one short unit of work on its own exec session
 * (a compound statement where a step row, its event and the wake-up notification go together),
 * so a worker never holds a connection while a step runs and a crash loses at most the step in
 * flight.
 *
 * @module
 */
import { select, type ExecSession } from '@agent-studio/db/exec';
import { RunStep, type JsonValue, type Run } from '@agent-studio/db/models';
import { contextFromCarrier } from '@agent-studio/db/tracing';
import { context as otelContext, trace } from '@opentelemetry/api';
import { appendRunEvent } from './append-run-event.js';
import { checkpointCommit, notifyRun } from './checkpoint-commit.js';
import { LeaseLostError } from './lease-lost-error.js';
import { RUN_CHANNELS } from './run-channels.js';
import type { RunEventType } from './run-event-types.js';
import { cancelRunJob, completeRunJob, enqueueRunJob, runJobTraceCarrier } from './run-queue.js';
import { inSession, type RuntimeDatabase } from './runtime-database.js';
import { endTurn } from './thread-turns.js';


/** A run as the worker claimed it. */
export interface ClaimedRun {
  readonly id: string;
  /** The worker that claimed it (and fences every checkpoint with). */
  readonly workerId: string;
  readonly attempt: number;
  readonly input: JsonValue;
  readonly workflowId: string | null;
  readonly agentId: string | null;
  readonly deploymentId: string | null;
  readonly deadlineAt: Date | null;
  readonly cancelRequested: boolean;
  /** The thread this run is a turn of (its history comes first), or null. */
  readonly threadId: string | null;
  /** When the run was created (queued). */
  readonly createdAt: Date;
}

/**
 * Claims a run for this worker: moves it to `running` and takes its lease — only when it is not
 * finished and nobody holds a live lease on it. Null when it cannot be claimed.
 *
 * @example
 * const claimed = await claimRun(db, runId, { workerId, leaseMs: 10_000, jobId });
 */
export async function claimRun(
  db: RuntimeDatabase,
  runId: string,
  lease: { workerId: string; leaseMs: number; jobId: string },
): Promise<ClaimedRun | null> {
  return inSession(db, async (session) => {
    const { rows } = await session.executeSql<{
      id: string; attempt: number; input: JsonValue; workflow_id: string | null; agent_id: string | null; deployment_id: string | null;
      deadline_at: Date | null; cancel_requested_at: Date | null; thread_id: string | null; created_at: Date;
    }>(
      `UPDATE runs SET status = 'running', started_at = COALESCE(started_at, now()), worker_id = $2,
         lease_expires_at = now() + make_interval(secs => $3::double precision / 1000), attempt = attempt + 1,
         job_id = $4, updated_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') AND (worker_id IS NULL OR lease_expires_at < now())
       RETURNING id, attempt, input, workflow_id, agent_id, deployment_id, deadline_at, cancel_requested_at, thread_id, created_at`,
      [runId, lease.workerId, lease.leaseMs, lease.jobId],
    );
    const row = rows[0];
    if (!row) return null;
    await appendRunEvent(session, runId, row.attempt === 1 ? 'run.started' : 'run.resumed', { attempt: row.attempt, workerId: lease.workerId });
    return {
      id: row.id,
      workerId: lease.workerId,
      attempt: row.attempt,
      input: row.input,
      workflowId: row.workflow_id,
      agentId: row.agent_id,
      deploymentId: row.deployment_id,
      deadlineAt: row.deadline_at,
      cancelRequested: row.cancel_requested_at !== null,
      threadId: row.thread_id,
      createdAt: row.created_at,
    };
  });
}

/** What a heartbeat learnt about one held run. */
export interface HeldRunState {
  readonly id: string;
  readonly cancelRequested: boolean;
}

/**
 * Renews the lease of every run this worker holds, in one statement; returns the runs it still
 * holds (a run missing from the answer was taken away or finished) with their cancel flags.
 *
 * @example
 * const held = await renewLeases(db, workerId, [...running.keys()], 10_000);
 */
export async function renewLeases(db: RuntimeDatabase, workerId: string, runIds: readonly string[], leaseMs: number): Promise<HeldRunState[]> {
  if (!runIds.length) return [];
  const { rows } = await db.executeSql<{ id: string; cancel: boolean }>(
    `WITH ${checkpointCommit(db)}
     UPDATE runs SET lease_expires_at = now() + make_interval(secs => $3::double precision / 1000) FROM c
     WHERE id = ANY($2::uuid[]) AND worker_id = $1 AND status IN ('queued', 'running')
     RETURNING id, cancel_requested_at IS NOT NULL AS cancel`,
    [workerId, runIds, leaseMs],
    { prepared: true },
  );
  return rows.map((r) => ({ id: r.id, cancelRequested: r.cancel }));
}

/** A step attempt's checkpoint, as stored. */
export interface StepCheckpoint {
  readonly stepKey: string;
  readonly nodeId: string;
  readonly status: RunStep['status'];
  readonly attempt: number;
  readonly output: JsonValue | null;
}

/**
 * The latest attempt of every step of a run (what a resumed run skips or re-runs).
 *
 * @example
 * const latest = await loadCheckpoints(db, runId);
 */
export async function loadCheckpoints(db: RuntimeDatabase, runId: string): Promise<Map<string, StepCheckpoint>> {
  return inSession(db, async (session) => {
    const steps = await session.exec(select(RunStep).where({ runId }).orderBy('attempt')).all();
    const latest = new Map<string, StepCheckpoint>();
    for (const s of steps) {
      const known = latest.get(s.stepKey);
      // a succeeded attempt stays the answer even if a later row exists
      if (known?.status === 'succeeded') continue;
      latest.set(s.stepKey, { stepKey: s.stepKey, nodeId: s.nodeId, status: s.status, attempt: s.attempt, output: s.output });
    }
    return latest;
  });
}

/** The start of a step attempt. */
export interface StepStart {
  readonly runId: string;
  /** The worker holding the run: the checkpoint is refused (LeaseLostError) when it no longer does. */
  readonly workerId: string;
  readonly nodeId: string;
  readonly stepKey: string;
  readonly kind: string;
  readonly attempt: number;
  readonly input: JsonValue;
  /** The agent whose model a `model_call` step calls (usage per agent). */
  readonly agentId?: string;
}

/**
 * Checkpoints the start of a step attempt (its row and its `step.started` event). Returns the
 * step row's id. With `finishing`, the end of the step before it (in a chain: step N's end and
 * step N+1's start) is written by the same statement — one round trip per step instead of two,
 * both or neither, the events in that order.
 *
 * @example
 * const stepId = await startStep(db, { runId, workerId, nodeId, stepKey: nodeId, kind: 'function', attempt: 1, input });
 * const nextId = await startStep(db, { ...next, workerId }, { finishing: { runId, workerId, stepId, stepKey: nodeId, status: 'succeeded', output, event: 'step.succeeded', eventData: { output } } });
 */
export async function startStep(db: RuntimeDatabase, step: StepStart, options: { finishing?: StepFinish } = {}): Promise<string> {
  const started = JSON.stringify({ nodeId: step.nodeId, kind: step.kind, attempt: step.attempt, input: step.input });
  const params: unknown[] = [step.runId, step.nodeId, step.stepKey, step.kind, step.attempt, JSON.stringify(step.input), started, RUN_CHANNELS.events, step.workerId, step.agentId ?? null];
  const previous = options.finishing;
  if (previous && previous.runId !== step.runId) throw new TypeError('startStep: the step finishing belongs to another run');
  const sql = previous
    ? `WITH ${checkpointCommit(db)}, r AS (SELECT id FROM runs, c WHERE id = $1 AND worker_id = $9 FOR UPDATE OF runs),
          f AS (${finishUpdate(params, previous)}),
          s AS (INSERT INTO run_steps (run_id, node_id, step_key, kind, status, attempt, input, agent_id)
                SELECT r.id, $2, $3, $4, 'running', $5, $6, $10::uuid FROM r WHERE EXISTS (SELECT 1 FROM f) RETURNING id),
          e AS (INSERT INTO run_events (run_id, type, step_key, data)
                SELECT x.run_id, v.type, v.step_key, v.data
                FROM (SELECT r.id AS run_id FROM r, s) x,
                     (VALUES (1, $${params.push(previous.event)}::text, $${params.push(previous.stepKey)}::text, $${params.push(JSON.stringify(previous.eventData))}::jsonb),
                             (2, 'step.started', $3::text, $7::jsonb)) AS v(ord, type, step_key, data)
                ORDER BY v.ord RETURNING id)
     SELECT s.id, ${notifyRun(db, '$8', '$1')} FROM s`
    : `WITH ${checkpointCommit(db)}, r AS (SELECT id FROM runs, c WHERE id = $1 AND worker_id = $9 FOR UPDATE OF runs),
          s AS (INSERT INTO run_steps (run_id, node_id, step_key, kind, status, attempt, input, agent_id)
                SELECT r.id, $2, $3, $4, 'running', $5, $6, $10::uuid FROM r RETURNING id),
          e AS (INSERT INTO run_events (run_id, type, step_key, data)
                SELECT r.id, 'step.started', $3, $7 FROM r RETURNING id)
     SELECT s.id, ${notifyRun(db, '$8', '$1')} FROM s, e`;
  const { rows } = await db.executeSql<{ id: string }>(sql, params, { prepared: true });
  if (!rows[0]) throw new LeaseLostError(step.runId);
  return rows[0].id;
}

/** The `UPDATE run_steps` ending `step` (fenced by a CTE `r` holding the run), its values appended to `params`. */
function finishUpdate(params: unknown[], step: StepFinish): string {
  const json = (v: JsonValue | undefined) => (v === undefined ? null : JSON.stringify(v));
  const p = (value: unknown) => `$${params.push(value)}`;
  return `UPDATE run_steps SET status = ${p(step.status)}, output = ${p(json(step.output))}, error = ${p(json(step.error))},
            tokens_in = ${p(step.tokensIn ?? null)}, tokens_out = ${p(step.tokensOut ?? null)}, finish_reason = ${p(step.finishReason ?? null)},
            finished_at = now()
          WHERE id = ${p(step.stepId)} AND EXISTS (SELECT 1 FROM r) RETURNING id`;
}

/** How a step attempt ended. */
export interface StepFinish {
  readonly runId: string;
  /** The worker holding the run: the checkpoint is refused (LeaseLostError) when it no longer does. */
  readonly workerId: string;
  readonly stepId: string;
  readonly stepKey: string;
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly output?: JsonValue;
  readonly error?: JsonValue;
  readonly tokensIn?: number;
  readonly tokensOut?: number;
  readonly finishReason?: string;
  /** The event to append: `step.succeeded`, `step.failed` or `step.retrying`. */
  readonly event: RunEventType;
  readonly eventData: JsonValue;
  /** Streamed text of this step not yet written: appended as its `token` event just before `event`, in the same statement. */
  readonly tokens?: string;
}

/**
 * Checkpoints the end of a step attempt (its row, its event and the step's last streamed tokens
 * if given) in one statement.
 *
 * @example
 * await finishStep(db, { runId, workerId, stepId, stepKey, status: 'succeeded', output, event: 'step.succeeded', eventData: { output } });
 */
export async function finishStep(db: RuntimeDatabase, step: StepFinish): Promise<void> {
  const params: unknown[] = [step.runId, step.workerId, step.event, step.stepKey, JSON.stringify(step.eventData), RUN_CHANNELS.events];
  const events = step.tokens
    ? `SELECT r.id, v.type, $4, v.data FROM r, (VALUES (1, 'token', $${params.push(JSON.stringify({ text: step.tokens }))}::jsonb), (2, $3::text, $5::jsonb)) AS v(ord, type, data) ORDER BY v.ord`
    : 'SELECT r.id, $3, $4, $5 FROM r';
  const { rows } = await db.executeSql(
    `WITH ${checkpointCommit(db)}, r AS (SELECT id FROM runs, c WHERE id = $1 AND worker_id = $2 FOR UPDATE OF runs),
          s AS (${finishUpdate(params, step)}),
          e AS (INSERT INTO run_events (run_id, type, step_key, data) ${events} RETURNING id)
     SELECT ${notifyRun(db, '$6', '$1')} FROM s, e LIMIT 1`,
    params,
    { prepared: true },
  );
  if (!rows[0]) throw new LeaseLostError(step.runId);
}

/** A run's terminal status and why. */
export interface RunEnding {
  readonly status: 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
  readonly reason: string;
  readonly output?: JsonValue;
  readonly error?: string;
}

const ENDING_EVENT: Record<RunEnding['status'], RunEventType> = {
  succeeded: 'run.succeeded',
  failed: 'run.failed',
  cancelled: 'run.cancelled',
  timed_out: 'run.timed_out',
};

/**
 * Ends a run (status, output or error, reason, its terminal event) and completes its job — in
 * one transaction, only while this worker still holds it. False when it no longer did.
 *
 * @example
 * await finishRun(db, runId, workerId, { status: 'succeeded', reason: 'completed', output });
 */
export async function finishRun(db: RuntimeDatabase, runId: string, workerId: string | null, ending: RunEnding): Promise<boolean> {
  return inSession(db, (session) => endRun(session, runId, workerId, ending));
}

/**
 * Ends a run in the caller's session (see {@link finishRun}); a turn of a thread also ends its
 * turn there (`endTurn`: a succeeded turn's messages appended, the next waiting turn enqueued); `workerId` null ends it whoever
 * holds it (a queued run cancelled before any worker took it).
 *
 * @example
 * await endRun(session, run.id, null, { status: 'cancelled', reason: 'cancelled before it started' });
 */
export async function endRun(session: ExecSession, runId: string, workerId: string | null, ending: RunEnding): Promise<boolean> {
  const { rows } = await session.executeSql<{ job_id: string | null; thread_id: string | null; input: JsonValue }>(
    `UPDATE runs SET status = $3, reason = $4, output = $5, error = $6, finished_at = now(), worker_id = NULL,
       lease_expires_at = NULL, updated_at = now()
     WHERE id = $1 AND status IN ('queued', 'running') AND ($2::text IS NULL OR worker_id = $2)
     RETURNING job_id, thread_id, input`,
    [runId, workerId, ending.status, ending.reason, ending.output === undefined ? null : JSON.stringify(ending.output), ending.error ?? null],
  );
  if (!rows[0]) return false;
  await appendRunEvent(session, runId, ENDING_EVENT[ending.status], {
    status: ending.status,
    reason: ending.reason,
    ...(ending.output !== undefined ? { output: ending.output } : {}),
    ...(ending.error !== undefined ? { error: ending.error } : {}),
  });
  const jobId = rows[0].job_id;
  if (jobId) {
    if (ending.status === 'cancelled' && workerId === null) await cancelRunJob(session, jobId);
    else await completeRunJob(session, jobId);
  }
  const threadId = rows[0].thread_id;
  if (threadId) {
    await endTurn(session, { runId, threadId, input: rows[0].input, status: ending.status, ...(ending.output !== undefined ? { output: ending.output } : {}) });
  }
  return true;
}

/**
 * Hands a run back to the queue: its lease is dropped, its old job cancelled and a new job sent —
 * one transaction. Used by a worker that stops (SIGTERM) and by the reaper for a worker that
 * stopped heartbeating. `fromWorker` restricts it to runs held by that worker (null: a lease that
 * expired).
 *
 * @example
 * await requeueRun(db, runId, { fromWorker: workerId, reason: 'worker stopping', deadlineMs });
 */
export async function requeueRun(
  db: RuntimeDatabase,
  runId: string,
  options: { fromWorker: string | null; reason: string; deadlineMs: number },
): Promise<boolean> {
  return inSession(db, async (session) => {
    const { rows } = await session.executeSql<{ job_id: string | null; worker_id: string | null }>(
      `SELECT job_id, worker_id FROM runs
       WHERE id = $1 AND status IN ('queued', 'running') AND worker_id IS NOT NULL
         AND (($2::text IS NOT NULL AND worker_id = $2) OR ($2::text IS NULL AND lease_expires_at < now()))
       FOR UPDATE`,
      [runId, options.fromWorker],
    );
    const row = rows[0];
    if (!row) return false;
    // recovered by the reaper (no span active): the new job continues the old job's trace, so
    // the run stays in the trace of the request that invoked it; a worker handing a run back
    // enqueues inside its own `run` span, which already is in that trace
    const carrier = row.job_id && !trace.getActiveSpan() ? await runJobTraceCarrier(session, row.job_id) : {};
    if (row.job_id) await cancelRunJob(session, row.job_id);
    const enqueue = () => enqueueRunJob(session, runId, { deadlineMs: options.deadlineMs });
    const jobId = carrier.traceparent ? await otelContext.with(contextFromCarrier(carrier), enqueue) : await enqueue();
    await session.executeSql('UPDATE runs SET worker_id = NULL, lease_expires_at = NULL, job_id = $2, updated_at = now() WHERE id = $1', [runId, jobId]);
    await appendRunEvent(session, runId, 'run.requeued', { reason: options.reason, previousWorker: row.worker_id });
    return true;
  });
}

/** A run whose worker stopped heartbeating. */
export interface ExpiredLease {
  readonly id: string;
  readonly attempt: number;
  readonly deadlineAt: Date | null;
}

/**
 * Runs whose lease expired (their worker died or hung), oldest first.
 *
 * @example
 * for (const run of await findExpiredLeases(db, 20)) await requeueRun(db, run.id, { fromWorker: null, ... });
 */
export async function findExpiredLeases(db: RuntimeDatabase, limit: number): Promise<ExpiredLease[]> {
  const { rows } = await db.executeSql<{ id: string; attempt: number; deadline_at: Date | null }>(
    `SELECT id, attempt, deadline_at FROM runs
     WHERE worker_id IS NOT NULL AND lease_expires_at < now() AND status IN ('queued', 'running')
     ORDER BY lease_expires_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, attempt: r.attempt, deadlineAt: r.deadline_at }));
}

/**
 * The run row's status (null when it does not exist), for a job whose run could not be claimed.
 *
 * @example
 * if ((await runStatus(db, runId)) === 'succeeded') await queue.complete(job.id);
 */
export async function runStatus(db: RuntimeDatabase, runId: string): Promise<Run['status'] | null> {
  const { rows } = await db.executeSql<{ status: Run['status'] }>('SELECT status FROM runs WHERE id = $1', [runId]);
  return rows[0]?.status ?? null;
}
