/**
 * The run queue: pg-boss 10 in our own database (schema and queue made by our migrations). One
 * job per run carries its id; the run row and its job are written by the same session, so they
 * commit or roll back together.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import { RUN_QUEUE } from '@agent-studio/db/models';
import { currentTraceCarrier, tracingActive, withSpan, type TraceCarrier } from '@agent-studio/db/tracing';
import PgBoss from 'pg-boss';
import { RUN_CHANNELS } from './run-channels.js';
import type { RuntimeDatabase } from './runtime-database.js';

/**
 * What a run's job carries: the run, and — when tracing is on — the W3C trace context of the
 * `enqueue` span, so the worker's `run` span continues the invoking request's trace.
 */
export interface RunJobData extends TraceCarrier {
  readonly runId: string;
}

/** pg-boss's executor interface, over an exec session (inside its transaction). */
function sessionDb(session: ExecSession): PgBoss.Db {
  return { executeSql: (text, values) => session.executeSql(text, values) };
}

const refuse: PgBoss.Db = {
  executeSql: () => Promise.reject(new Error('the run queue is used through a session or a started worker only')),
};

let sender: PgBoss | undefined;
/** A pg-boss instance that is never started: it only builds `send` statements for a session. */
function jobSender(): PgBoss {
  sender ??= new PgBoss({ db: refuse, schema: RUN_QUEUE.schema, migrate: false, supervise: false, schedule: false });
  return sender;
}

/**
 * How long pg-boss keeps an active job before its own expiry hands it back: a backstop only —
 * the run lease (heartbeat) recovers a dead worker's run long before that.
 */
const JOB_EXPIRY_MARGIN_S = 300;

/**
 * Enqueues the job of a run in the caller's session (and wakes idle workers when it commits).
 * Returns the job id.
 *
 * @example
 * const run = session.add(Run, { deploymentId, input });
 * run.jobId = await enqueueRunJob(session, run.id, { deadlineMs: 600_000 });
 * await session.commit(); // run + job + wake-up together
 */
export async function enqueueRunJob(session: ExecSession, runId: string, options: { deadlineMs: number; jobId?: string }): Promise<string> {
  return withSpan('enqueue', { attributes: { 'run.id': runId, 'messaging.destination.name': RUN_QUEUE.name } }, async () => {
    const data: RunJobData = { runId, ...currentTraceCarrier() };
    const id = await jobSender().send(RUN_QUEUE.name, data, {
      db: sessionDb(session),
      ...(options.jobId ? { id: options.jobId } : {}),
      retryLimit: 3,
      retryDelay: 0,
      expireInSeconds: Math.ceil(options.deadlineMs / 1000) + JOB_EXPIRY_MARGIN_S,
    });
    if (!id) throw new Error(`the run queue "${RUN_QUEUE.name}" does not exist: run the database migrations`);
    await session.executeSql('SELECT pg_notify($1, $2)', [RUN_CHANNELS.queue, runId]);
    return id;
  });
}

/**
 * The trace context a run's job carries (`{}` when tracing is off or the job has none): read
 * before a recovered run gets its new job, so the run stays in the trace of the request that
 * invoked it.
 *
 * @example
 * const carrier = await runJobTraceCarrier(session, run.jobId);
 */
export async function runJobTraceCarrier(session: ExecSession, jobId: string): Promise<TraceCarrier> {
  if (!tracingActive()) return {};
  const job = await jobSender().getJobById<RunJobData>(RUN_QUEUE.name, jobId, { db: sessionDb(session), includeArchive: false });
  const data = job?.data;
  return data?.traceparent ? { traceparent: data.traceparent, ...(data.tracestate ? { tracestate: data.tracestate } : {}) } : {};
}

/**
 * Cancels a run's job in the caller's session (a queued run that was cancelled, or the old job
 * of a run handed to a new one).
 *
 * @example
 * await cancelRunJob(session, run.jobId);
 */
export async function cancelRunJob(session: ExecSession, jobId: string): Promise<void> {
  await jobSender().cancel(RUN_QUEUE.name, jobId, { db: sessionDb(session) });
}

/**
 * Completes a run's job in the caller's session (with the run's terminal status).
 *
 * @example
 * await completeRunJob(session, run.jobId);
 */
export async function completeRunJob(session: ExecSession, jobId: string): Promise<void> {
  await jobSender().complete(RUN_QUEUE.name, jobId, {}, { db: sessionDb(session) });
}

/** A job fetched by a worker. */
export interface FetchedRunJob {
  readonly id: string;
  readonly data: RunJobData;
}

/**
 * A started pg-boss instance for a worker process: fetches jobs and runs pg-boss's own
 * supervision (expiry backstop, archiving) on autocommit statements.
 *
 * @example
 * const queue = await startRunQueue(db);
 * const jobs = await queue.fetch(4);
 * await queue.stop();
 */
export interface RunQueueClient {
  fetch(batchSize: number): Promise<FetchedRunJob[]>;
  complete(jobId: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the worker's queue client (checks that the schema matches the pinned pg-boss).
 *
 * @example
 * const queue = await startRunQueue(db);
 */
export async function startRunQueue(db: RuntimeDatabase, onError: (e: Error) => void = () => undefined): Promise<RunQueueClient> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => db.executeSql(text, values) },
    schema: RUN_QUEUE.schema,
    migrate: false,
    supervise: true,
    schedule: false,
    maintenanceIntervalSeconds: 60,
  });
  boss.on('error', onError);
  await boss.start();
  return {
    async fetch(batchSize) {
      const jobs = await boss.fetch<RunJobData>(RUN_QUEUE.name, { batchSize });
      return (jobs ?? []).map((j) => ({ id: j.id, data: j.data }));
    },
    async complete(jobId) {
      await boss.complete(RUN_QUEUE.name, jobId);
    },
    async stop() {
      await boss.stop({ graceful: false, wait: true, close: false });
    },
  };
}
