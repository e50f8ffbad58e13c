/**
 * The MCP health monitor — the original `services/background_tasks.py` health-monitoring task.
 *
 * @module
 */
import { setMaxListeners } from 'node:events';
import { claimDue, releaseClaims, tryAdvisoryLock, type Engine, type LeaseBatch, type LeaseClaim } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { McpServer } from '@agent-studio/db/models';
import { DEFAULT_MCP_HEALTH_POLICY, type McpHealthPolicy, type McpHealthStatus, type McpProbeResult } from '@agent-studio/sdk/mcp';
import { pruneHealthChecks } from '../crud/prune-health-checks.js';
import { recordHealthCheck } from '../crud/record-health-check.js';
import { loadProbeTargets, type ProbeTarget } from './load-probe-targets.js';
import type { CheckEvent, SweepReport, SweepStartEvent } from './monitor-events.js';
import { silentLogger, type MonitorLogger } from './monitor-logger.js';
import { probeWithinDeadline } from './probe-within-deadline.js';
import { runBounded } from './run-bounded.js';

/**
 * Options of {@link createHealthMonitor}; every one has a default.
 *
 * @example
 * const options: HealthMonitorOptions = { concurrency: 20, deadlineMs: 5_000, onCheck: (e) => bar.update(e.completed) };
 */
export interface HealthMonitorOptions {
  /** Probes running at once (default 10). */
  readonly concurrency?: number;
  /** The one deadline of each check, in ms (default 10 000). */
  readonly deadlineMs?: number;
  /** Pause between the end of a sweep and the start of the next, after `start()` (default 5 000 ms). */
  readonly pollIntervalMs?: number;
  /**
   * Most servers claimed at once (default: twice `concurrency`). A sweep claims batch after batch
   * until nothing is due, so monitors sweeping at the same time share the due servers.
   */
  readonly batchSize?: number;
  /**
   * How long a claim keeps a server from being due again if its check is never written (the
   * monitor died). Default: long enough for one batch at the given concurrency and deadline,
   * plus a minute.
   */
  readonly leaseMs?: number;
  /**
   * History rows older than this (ms) are pruned at the start of a sweep (default 7 days), by
   * the one monitor that gets the prune lock.
   */
  readonly historyRetentionMs?: number;
  /** The health policy (default `DEFAULT_MCP_HEALTH_POLICY`; the interval is per server). */
  readonly policy?: McpHealthPolicy;
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
  /** Jitter source for the next check time (default `Math.random`). */
  readonly random?: () => number;
  /** A pino-compatible logger (default: silent). */
  readonly logger?: MonitorLogger;
  /** Called when a sweep has claimed its servers. */
  readonly onSweepStart?: (event: SweepStartEvent) => void;
  /** Called after each check (with its write, if any). */
  readonly onCheck?: (event: CheckEvent) => void;
  /** Called at the end of every sweep, including skipped ones. */
  readonly onSweep?: (report: SweepReport) => void;
}

/**
 * A running (or idle) health monitor.
 *
 * @example
 * const monitor = createHealthMonitor(engine);
 * monitor.start();
 * process.once('SIGTERM', () => void monitor.stop());
 */
export interface HealthMonitor {
  /** Starts sweeping now and then every `pollIntervalMs` after each sweep. Idempotent. */
  start(): void;
  /**
   * Stops scheduling, aborts in-flight probes, waits for in-flight writes (each a complete
   * transaction), hands back unprobed claims, and resolves with no connection borrowed. Idempotent.
   */
  stop(): Promise<void>;
  /**
   * Runs one sweep now and resolves with its report. Joins the sweep already running on this
   * monitor instead of starting a second one.
   */
  sweepOnce(): Promise<SweepReport>;
  /** True between `start()` and `stop()`. */
  readonly running: boolean;
}

const DEFAULTS = {
  concurrency: 10,
  deadlineMs: 10_000,
  pollIntervalMs: 5_000,
  historyRetentionMs: 7 * 24 * 3_600_000,
};

/**
 * The advisory-lock key of pruning the health-check history ("agmh"): one monitor prunes at a
 * time, the others skip it.
 *
 * @example
 * // SELECT pg_try_advisory_lock(1634168168) answers false while a monitor prunes
 */
export const PRUNE_LOCK_KEY = 0x61_67_6d_68;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/**
 * Creates the MCP health monitor. Each sweep:
 *
 * 1. prunes history older than `historyRetentionMs` — only the monitor that gets the prune lock
 *   (`tryAdvisoryLock` from `@agent-studio/db/engine`); the others skip it;
 * 2. claims a batch of due servers (enabled, `next_check_at <=` the sweep's start; ids only) with
 *    `claimDue` (`UPDATE … FOR UPDATE SKIP LOCKED` with a lease), so monitors sweeping at the
 *    same time — in this process or others — share the due servers and never probe one twice;
 * 3. reads their probe settings in one short legacy session, closed before probing;
 * 4. probes them, `concurrency` at a time, each under its own `deadlineMs`, holding no database
 *    connection while probing;
 * 5. writes each result in its own short legacy session via `recordHealthCheck` — server row and
 *    history row in one transaction — handed the id, never a row from another session;
 * 6. hands back (`releaseClaims`) what it claimed and did not check, and claims the next batch,
 *    until nothing is due.
 *
 * @example
 * const monitor = createHealthMonitor(engine, { concurrency: 10, deadlineMs: 5_000, logger });
 * const report = await monitor.sweepOnce();
 * monitor.start();
 * // ... on shutdown:
 * await monitor.stop();
 */
export function createHealthMonitor(engine: Engine, options: HealthMonitorOptions = {}): HealthMonitor {
  const concurrency = positiveInteger('concurrency', options.concurrency ?? DEFAULTS.concurrency);
  const deadlineMs = positiveInteger('deadlineMs', options.deadlineMs ?? DEFAULTS.deadlineMs);
  const pollIntervalMs = positiveInteger('pollIntervalMs', options.pollIntervalMs ?? DEFAULTS.pollIntervalMs);
  const batchSize = positiveInteger('batchSize', options.batchSize ?? 2 * concurrency);
  const historyRetentionMs = positiveInteger('historyRetentionMs', options.historyRetentionMs ?? DEFAULTS.historyRetentionMs);
  const leaseMs = positiveInteger(
    'leaseMs',
    options.leaseMs ?? Math.ceil(batchSize / concurrency) * (deadlineMs + 1_000) + 60_000,
  );
  const policy = options.policy ?? DEFAULT_MCP_HEALTH_POLICY;
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? silentLogger;

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  // every in-flight probe listens on the stop signal: up to `concurrency` listeners at once
  const newController = (): AbortController => {
    const c = new AbortController();
    setMaxListeners(0, c.signal);
    return c;
  };
  let controller = newController();
  let current: Promise<SweepReport> | undefined;
  let sweepCounter = 0;

  const emit = <E>(name: string, fn: ((event: E) => void) | undefined, event: E): void => {
    if (!fn) return;
    try {
      fn(event);
    } catch (e) {
      logger.warn({ err: e, callback: name }, 'mcp monitor: a progress callback threw');
    }
  };

  async function sweep(sweepId: number, signal: AbortSignal): Promise<SweepReport> {
    const startedAt = performance.now();
    const statuses: Partial<Record<McpHealthStatus, number>> = {};
    let claimed = 0;
    let probed = 0;
    let recorded = 0;
    let failed = 0;
    let released = 0;
    let pruned = 0;
    const report = (skipped?: SweepReport['skipped']): SweepReport => ({
      sweepId,
      ...(skipped ? { skipped } : {}),
      claimed,
      probed,
      recorded,
      failed,
      released,
      pruned,
      statuses: { ...statuses },
      durationMs: Math.round(performance.now() - startedAt),
    });

    if (signal.aborted) return report('stopped');
    const sweepStart = now();
    pruned = await prune(sweepStart);
    let completed = 0;
    while (!signal.aborted) {
      const batch = await claimDue(engine, McpServer, { due: 'nextCheckAt', where: { enabled: true }, now: sweepStart, limit: batchSize, leaseMs });
      const first = claimed === 0;
      claimed += batch.claims.length;
      if (first) {
        emit('onSweepStart', options.onSweepStart, { sweepId, total: claimed });
        logger.debug({ sweepId, claimed }, 'mcp monitor: sweep started');
      }
      if (batch.claims.length === 0) break;
      const unfinished = new Set<LeaseClaim>(batch.claims);
      try {
        const targets = await loadProbeTargets(
          engine,
          batch.claims.map((c) => c.id),
        );
        await runBounded(batch.claims, concurrency, signal, async (claim) => {
          const target = targets.get(claim.id);
          if (!target) {
            unfinished.delete(claim); // deleted since it was claimed
            return;
          }
          const event = await checkOne(target, signal);
          if (event.cancelled) return; // stays in unfinished: released below
          unfinished.delete(claim);
          probed += 1;
          if (event.recorded && event.status) {
            recorded += 1;
            statuses[event.status] = (statuses[event.status] ?? 0) + 1;
          }
          if (event.error) failed += 1;
          completed += 1;
          emit('onCheck', options.onCheck, { ...event, sweepId, completed, total: claimed });
        });
      } finally {
        released += await giveBack(batch, unfinished);
      }
    }
    return report(signal.aborted ? 'stopped' : undefined);
  }

  /** Prunes old history when this monitor gets the prune lock; another monitor pruning is not an error. */
  async function prune(at: Date): Promise<number> {
    const lock = await tryAdvisoryLock(engine, PRUNE_LOCK_KEY);
    if (!lock) return 0;
    try {
      return await withLegacySession((db) => pruneHealthChecks(db, new Date(at.getTime() - historyRetentionMs)));
    } finally {
      await lock.release();
    }
  }

  /** Hands back what was claimed but not checked; a failure only delays those servers by the lease. */
  async function giveBack(batch: LeaseBatch, unfinished: Set<LeaseClaim>): Promise<number> {
    if (unfinished.size === 0) return 0;
    try {
      return await releaseClaims(engine, McpServer, 'nextCheckAt', batch, [...unfinished]);
    } catch (e) {
      logger.warn({ err: e, count: unfinished.size }, 'mcp monitor: could not release claims; they expire with the lease');
      return 0;
    }
  }

  async function checkOne(
    target: ProbeTarget,
    signal: AbortSignal,
  ): Promise<Omit<CheckEvent, 'sweepId' | 'completed' | 'total'>> {
    const result: McpProbeResult =
      target.unreadable === undefined
        ? await probeWithinDeadline(target.config, deadlineMs, signal)
        : { ok: false, latencyMs: 0, error: { kind: 'unknown', message: target.unreadable } };
    const base = { serverId: target.id, serverName: target.name, result };
    // A failure seen after stop() was requested is (or may be) the cancellation itself: not the
    // server's fault, so nothing is written and the claim is handed back.
    if (!result.ok && signal.aborted) return { ...base, status: null, recorded: false, cancelled: true };
    try {
      const written = await withLegacySession((db) =>
        recordHealthCheck(db, target.id, result, {
          checkedAt: now(),
          policy,
          ...(options.random ? { random: options.random } : {}),
        }),
      );
      if (!written) return { ...base, status: null, recorded: false, cancelled: false };
      logger.debug(
        { serverId: target.id, status: written.state.status, latencyMs: result.latencyMs },
        'mcp monitor: check recorded',
      );
      return { ...base, status: written.state.status, recorded: true, cancelled: false };
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      logger.error({ err: error, serverId: target.id }, 'mcp monitor: could not record a health check');
      return { ...base, status: null, recorded: false, cancelled: false, error };
    }
  }

  async function withLegacySession<T>(fn: (db: ReturnType<typeof SessionLocal>) => Promise<T>): Promise<T> {
    const db = SessionLocal(engine);
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  function sweepOnce(): Promise<SweepReport> {
    if (current) return current;
    const sweepId = ++sweepCounter;
    const signal = controller.signal;
    current = sweep(sweepId, signal)
      .then((report) => {
        emit('onSweep', options.onSweep, report);
        if (!report.skipped || report.skipped === 'stopped') {
          logger.info({ ...report }, 'mcp monitor: sweep finished');
        }
        return report;
      })
      .finally(() => {
        current = undefined;
      });
    return current;
  }

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      timer = undefined;
      sweepOnce()
        .catch((e: unknown) => logger.error({ err: e }, 'mcp monitor: sweep failed'))
        .finally(() => {
          if (running && !timer) schedule(pollIntervalMs);
        });
    }, delayMs);
  }

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      if (controller.signal.aborted) controller = newController();
      logger.info({ concurrency, deadlineMs, pollIntervalMs, engine: engine.kind }, 'mcp monitor: started');
      schedule(0);
    },
    async stop() {
      const wasRunning = running;
      running = false;
      clearTimeout(timer);
      timer = undefined;
      controller.abort(new Error('health monitor stopped'));
      await current?.catch(() => undefined);
      controller = newController();
      if (wasRunning) logger.info({}, 'mcp monitor: stopped');
    },
    sweepOnce,
  };
}
