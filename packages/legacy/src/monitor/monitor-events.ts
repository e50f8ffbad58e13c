/**
 * What the monitor reports while it works (for logs, metrics and a CLI progress bar).
 *
 * @module
 */
import type { McpHealthStatus, McpProbeResult } from '@agent-studio/sdk/mcp';

/**
 * Why a sweep did not run, or did not finish: `stop()` was called. (Monitors sweeping at the same
 * time share the due servers, so no sweep is ever skipped because another one runs.)
 *
 * @example
 * if (report.skipped === 'stopped') return;
 */
export type SweepSkipReason = 'stopped';

/**
 * Emitted when a sweep has claimed its first batch and starts probing (`total` 0: nothing due).
 *
 * @example
 * onSweepStart: ({ total }) => bar.start(total, 0)
 */
export interface SweepStartEvent {
  readonly sweepId: number;
  /** Servers in the sweep's first batch (later batches raise {@link CheckEvent.total}). */
  readonly total: number;
}

/**
 * Emitted after each probe (and its write, when there was one).
 *
 * @example
 * onCheck: (e) => bar.update(e.completed)
 */
export interface CheckEvent {
  readonly sweepId: number;
  readonly serverId: string;
  readonly serverName: string;
  /** What the probe returned. */
  readonly result: McpProbeResult;
  /** The status written, or `null` when nothing was written (cancelled, server gone, write failed). */
  readonly status: McpHealthStatus | null;
  /** True when the server row and its history row were committed. */
  readonly recorded: boolean;
  /** True when `stop()` cancelled the probe (nothing written; the claim is released). */
  readonly cancelled: boolean;
  /** The write's error, when it failed. */
  readonly error?: Error;
  /** Checks finished so far in this sweep, this one included. */
  readonly completed: number;
  /** Servers claimed by this sweep so far. */
  readonly total: number;
}

/**
 * What one sweep did.
 *
 * @example
 * const report = await monitor.sweepOnce();
 * console.log(`${report.recorded}/${report.claimed} checked in ${report.durationMs} ms`);
 */
export interface SweepReport {
  readonly sweepId: number;
  /** Set when the sweep did not run at all. */
  readonly skipped?: SweepSkipReason;
  /** Servers claimed, over all batches (due, enabled, not claimed by another monitor). */
  readonly claimed: number;
  /** Probes that ran to a result. */
  readonly probed: number;
  /** Checks committed (server row + history row). */
  readonly recorded: number;
  /** Writes that failed (logged; the claim lease makes the server due again later). */
  readonly failed: number;
  /** Claims handed back unprobed or with a cancelled probe because of `stop()`. */
  readonly released: number;
  /** History rows pruned at the start of the sweep (0 when another monitor held the prune lock). */
  readonly pruned: number;
  /** Recorded checks by status. */
  readonly statuses: Readonly<Partial<Record<McpHealthStatus, number>>>;
  readonly durationMs: number;
}
