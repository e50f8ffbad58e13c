/**
 * The worker: takes run jobs from the queue up to its concurrency, holds each run under a lease
 * it renews by heartbeat, executes it, and ends it. Any number of workers in any number of
 * processes share one queue. A worker that dies loses nothing: when its lease expires, the
 * reaper in any other worker hands its runs back to the queue and they resume from their
 * checkpoints.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { contextFromCarrier, failSpan, withSpan } from '@agent-studio/db/tracing';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { hostname } from 'node:os';
import type { ExecutorDeps } from './executors/function-call.js';
import { executeRun, type StopReason } from './execute-run.js';
import { claimRun, findExpiredLeases, finishRun, renewLeases, requeueRun, runStatus } from './run-checkpoints.js';
import { RUN_CHANNELS } from './run-channels.js';
import { startRunQueue, type FetchedRunJob, type RunQueueClient } from './run-queue.js';
import type { RuntimeDatabase } from './runtime-database.js';
import { performance } from 'node:perf_hooks';
import { tell, type RunObserver } from './run-observer.js';

/** A pino-compatible logger (`logger.info({ runId }, 'run started')`). */
export interface RuntimeLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const silent: RuntimeLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Settings of {@link createRunWorker}. */
export interface RunWorkerOptions {
  /** Runs executed at once by this worker (default 4). */
  readonly concurrency?: number;
  /** Identifies this worker in leases and events (default `host:pid:random`). */
  readonly workerId?: string;
  /** How long a lease lasts without a heartbeat: a dead worker's runs come back after it (default 10 s). */
  readonly leaseMs?: number;
  /** Heartbeat period: renews leases and notices cancel requests (default 500 ms). */
  readonly heartbeatMs?: number;
  /** How often the reaper looks for expired leases (default 2 s). */
  readonly reapIntervalMs?: number;
  /** Queue poll period when no notification wakes the worker (default 2 s on a server, 250 ms embedded). */
  readonly pollMs?: number;
  /** On stop: how long steps in flight may run before they are interrupted and handed back (default 10 s). */
  readonly graceMs?: number;
  /** Executor dependencies: the outbound fetch, allowed stdio commands, builtins. */
  readonly executors?: ExecutorDeps;
  readonly logger?: RuntimeLogger;
  /** Told runs started / finished / requeued, step ends and model calls (metrics; `@agent-studio/sdk/metrics`). */
  readonly observer?: RunObserver;
}

/** What a worker reports about itself. */
export interface RunWorkerStats {
  readonly workerId: string;
  readonly concurrency: number;
  readonly running: number;
  readonly started: number;
  readonly finished: number;
  readonly requeued: number;
  readonly recovered: number;
}

/**
 * A run worker.
 *
 * @example
 * const worker = createRunWorker(db, { concurrency: 4, logger });
 * await worker.start();
 * process.once('SIGTERM', () => void worker.stop());
 */
export interface RunWorker {
  readonly workerId: string;
  /** Starts taking jobs. */
  start(): Promise<void>;
  /** Stops taking jobs, lets steps in flight finish within the grace period, hands back the rest. Idempotent. */
  stop(): Promise<void>;
  stats(): RunWorkerStats;
}

interface Held {
  readonly controller: AbortController;
  readonly done: Promise<void>;
  readonly deadlineAt: Date | null;
}

/** The default deadline a requeued job's expiry is computed from when a run has none. */
const FALLBACK_DEADLINE_MS = 3_600_000;

function remainingMs(deadlineAt: Date | null): number {
  return deadlineAt ? Math.max(60_000, deadlineAt.getTime() - Date.now()) : FALLBACK_DEADLINE_MS;
}

/**
 * Creates a worker on `db` (call `start()`).
 *
 * @example
 * const worker = createRunWorker(createRuntimeDatabase(engine), { concurrency: 10 });
 * await worker.start();
 */
export function createRunWorker(db: RuntimeDatabase, options: RunWorkerOptions = {}): RunWorker {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 10_000;
  const heartbeatMs = options.heartbeatMs ?? 500;
  const reapIntervalMs = options.reapIntervalMs ?? 2_000;
  const pollMs = options.pollMs ?? (db.notifications.supported ? 2_000 : 250);
  const graceMs = options.graceMs ?? 10_000;
  const log = options.logger ?? silent;
  const held = new Map<string, Held>();
  const counts = { started: 0, finished: 0, requeued: 0, recovered: 0 };
  let queue: RunQueueClient | undefined;
  let state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  let wake: () => void = () => undefined;
  let loop: Promise<void> | undefined;
  const timers: NodeJS.Timeout[] = [];
  const unsubscribe: (() => Promise<void>)[] = [];

  function stopRun(runId: string, reason: StopReason): void {
    const h = held.get(runId);
    if (h && !h.controller.signal.aborted) h.controller.abort(reason);
  }

  /** One job, in a `run` span continuing the trace its invoke started (the job's traceparent). */
  function handle(job: FetchedRunJob): Promise<void> {
    return withSpan(
      'run',
      { kind: SpanKind.CONSUMER, parent: contextFromCarrier(job.data), attributes: { 'run.id': job.data.runId, 'run.job_id': job.id, 'run.worker_id': workerId } },
      (span) => handleJob(job, span),
    );
  }

  async function handleJob(job: FetchedRunJob, span: Span | undefined): Promise<void> {
    const runId = job.data.runId;
    const claimed = await claimRun(db, runId, { workerId, leaseMs, jobId: job.id });
    if (!claimed) {
      // finished, or held by a live worker (a duplicate delivery): this job has nothing to do
      const status = await runStatus(db, runId);
      log.info({ runId, jobId: job.id, status }, 'run job skipped: run not claimable');
      if (status !== 'queued' && status !== 'running') await queue?.complete(job.id).catch(() => undefined);
      return;
    }
    counts.started++;
    span?.setAttribute('run.attempt', claimed.attempt);
    const claimedAt = performance.now();
    tell(options.observer, 'onRunStarted', {
      resumed: claimed.attempt > 1,
      pickUpLatencyMs: claimed.attempt === 1 ? Math.max(0, Date.now() - claimed.createdAt.getTime()) : null,
    });
    const controller = new AbortController();
    let deadlineTimer: NodeJS.Timeout | undefined;
    if (claimed.deadlineAt) {
      deadlineTimer = setTimeout(() => stopRun(runId, 'timed_out'), Math.max(0, claimed.deadlineAt.getTime() - Date.now()));
    }
    const done = (async () => {
      if (claimed.cancelRequested) controller.abort('cancelled');
      log.info({ runId, attempt: claimed.attempt, workerId }, claimed.attempt === 1 ? 'run started' : 'run resumed');
      try {
        const control = { signal: controller.signal, draining: () => state !== 'running', ...(options.observer ? { observer: options.observer } : {}) };
        const result = await executeRun(db, claimed, control, options.executors);
        if (result.kind === 'ended') {
          const ended = await finishRun(db, runId, workerId, result.ending);
          counts.finished++;
          if (ended) tell(options.observer, 'onRunFinished', { status: result.ending.status, durationMs: performance.now() - claimedAt });
          span?.setAttribute('run.status', result.ending.status);
          if (result.ending.status === 'failed' || result.ending.status === 'timed_out') span?.setStatus({ code: SpanStatusCode.ERROR, message: result.ending.reason });
          log.info({ runId, status: result.ending.status, reason: result.ending.reason, ended }, 'run finished');
        } else if (result.kind === 'handoff') {
          await requeueRun(db, runId, { fromWorker: workerId, reason: 'worker stopping', deadlineMs: remainingMs(claimed.deadlineAt) });
          counts.requeued++;
          tell(options.observer, 'onRunRequeued', { reason: 'handoff' });
          log.info({ runId }, 'run handed back to the queue');
        } else {
          log.warn({ runId }, 'run lease lost: another worker will resume it');
        }
      } catch (e) {
        // the database failed under us: the lease expires and the reaper hands the run on
        if (span) failSpan(span, e);
        log.error({ runId, err: e }, 'run interrupted by an error; it will be recovered');
      } finally {
        clearTimeout(deadlineTimer);
      }
    })();
    held.set(runId, { controller, done, deadlineAt: claimed.deadlineAt });
    await done;
    held.delete(runId);
  }

  async function fetchLoop(): Promise<void> {
    while (state === 'running') {
      const free = concurrency - pendingClaims;
      let got = 0;
      if (free > 0 && queue) {
        const jobs = await queue.fetch(free).catch((e: unknown) => {
          log.warn({ err: e }, 'queue fetch failed');
          return [];
        });
        got = jobs.length;
        for (const job of jobs) {
          pendingClaims++;
          void handle(job)
            .catch((e: unknown) => log.error({ err: e, jobId: job.id }, 'run job failed'))
            .finally(() => {
              pendingClaims--;
              wake();
            });
        }
      }
      if (state !== 'running') break;
      if (got > 0 && got === free) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          wake = () => undefined;
          resolve();
        };
      });
    }
  }
  let pendingClaims = 0;

  async function heartbeat(): Promise<void> {
    const ids = [...held.keys()];
    if (!ids.length) return;
    const still = await renewLeases(db, workerId, ids, leaseMs);
    const stillIds = new Set(still.map((r) => r.id));
    for (const id of ids) if (!stillIds.has(id) && held.has(id)) stopRun(id, 'lost');
    for (const r of still) if (r.cancelRequested) stopRun(r.id, 'cancelled');
  }

  async function reap(): Promise<void> {
    for (const run of await findExpiredLeases(db, 20)) {
      if (held.has(run.id)) continue;
      if (await requeueRun(db, run.id, { fromWorker: null, reason: 'lease expired (worker lost)', deadlineMs: remainingMs(run.deadlineAt) })) {
        counts.recovered++;
        tell(options.observer, 'onRunRequeued', { reason: 'recovered' });
        log.warn({ runId: run.id, attempt: run.attempt }, 'recovered a run from a lost worker');
      }
    }
  }

  function every(ms: number, fn: () => Promise<void>, what: string): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || state !== 'running') return;
      busy = true;
      fn()
        .catch((e: unknown) => log.warn({ err: e }, `${what} failed`))
        .finally(() => (busy = false));
    }, ms);
    timer.unref();
    timers.push(timer);
  }

  return {
    workerId,
    async start() {
      if (state !== 'new') return;
      queue = await startRunQueue(db, (e) => log.warn({ err: e }, 'queue supervision error'));
      state = 'running';
      unsubscribe.push(await db.notifications.subscribe(RUN_CHANNELS.queue, () => wake()));
      unsubscribe.push(await db.notifications.subscribe(RUN_CHANNELS.cancel, (runId) => stopRun(runId, 'cancelled')));
      every(heartbeatMs, heartbeat, 'heartbeat');
      every(reapIntervalMs + Math.floor(Math.random() * 500), reap, 'reaper');
      loop = fetchLoop();
      log.info({ workerId, concurrency, leaseMs, pollMs, notifications: db.notifications.supported }, 'run worker started');
    },
    async stop() {
      if (state === 'stopped' || state === 'stopping' || state === 'new') {
        state = state === 'new' ? 'stopped' : state;
        return;
      }
      state = 'stopping';
      wake();
      await loop;
      for (const u of unsubscribe.splice(0)) await u().catch(() => undefined);
      const inFlight = [...held.values()].map((h) => h.done);
      log.info({ workerId, inFlight: inFlight.length, graceMs }, 'run worker stopping');
      // renew leases while the steps in flight finish
      const keepAlive = setInterval(() => void heartbeat().catch(() => undefined), heartbeatMs);
      const graceTimer = setTimeout(() => {
        for (const id of held.keys()) stopRun(id, 'handoff');
      }, graceMs);
      await Promise.allSettled(inFlight);
      clearTimeout(graceTimer);
      clearInterval(keepAlive);
      while (pendingClaims > 0) await new Promise((r) => setTimeout(r, 10));
      for (const t of timers.splice(0)) clearInterval(t);
      await queue?.stop().catch(() => undefined);
      state = 'stopped';
      log.info({ workerId, ...counts }, 'run worker stopped');
    },
    stats() {
      return { workerId, concurrency, running: held.size, ...counts };
    },
  };
}
