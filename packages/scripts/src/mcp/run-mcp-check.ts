/**
 * One foreground sweep of the legacy health monitor, with progress.
 *
 * @module
 */
import type { Engine } from '@agent-studio/db/engine';
import { createHealthMonitor, type CheckEvent, type SweepReport } from '@agent-studio/legacy/monitor';
import type { CheckProgress } from './check-progress.js';
import { makeEnabledServersDue } from './make-enabled-servers-due.js';

/** Options of {@link runMcpCheck}. */
export interface McpCheckOptions {
  /** Check every enabled server, due or not (see `makeEnabledServersDue`). */
  readonly all: boolean;
  /** Probes at once. */
  readonly concurrency: number;
  /** The deadline of each check, in ms. */
  readonly deadlineMs: number;
  readonly progress: CheckProgress;
  /** Aborts the sweep (SIGINT): the monitor is stopped, unchecked claims handed back. */
  readonly signal?: AbortSignal;
}

/** What {@link runMcpCheck} saw. */
export interface McpCheckResult {
  readonly report: SweepReport;
  /** Every finished check, in completion order. */
  readonly checks: readonly CheckEvent[];
  /** With `all`: enabled servers made due before the sweep. */
  readonly madeDue?: number;
}

/**
 * Runs one sweep of `createHealthMonitor(engine, …).sweepOnce()` in the foreground — the same
 * claim / probe / record path as the background monitor, so results are persisted (status,
 * latency, tools, history row) — reporting progress through `options.progress`.
 *
 * @example
 * const { report, checks } = await runMcpCheck(engine, { all: true, concurrency: 10, deadlineMs: 10_000, progress });
 */
export async function runMcpCheck(engine: Engine, options: McpCheckOptions): Promise<McpCheckResult> {
  const madeDue = options.all ? await makeEnabledServersDue(engine, new Date()) : undefined;
  const checks: CheckEvent[] = [];
  const monitor = createHealthMonitor(engine, {
    concurrency: options.concurrency,
    deadlineMs: options.deadlineMs,
    // with --all, claim every server made due in this one sweep
    batchSize: Math.max(1_000, madeDue ?? 0),
    onSweepStart: (e) => options.progress.start(e.total),
    onCheck: (e) => {
      checks.push(e);
      options.progress.tick(e);
    },
  });
  const onAbort = (): void => void monitor.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const report = await monitor.sweepOnce();
    return { report, checks, ...(madeDue === undefined ? {} : { madeDue }) };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    options.progress.stop();
    await monitor.stop();
  }
}
