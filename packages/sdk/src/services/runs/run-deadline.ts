/**
 * How long a run of a deployment may take: the deployment's `config.runTimeoutMs`, within bounds.
 *
 * @module
 */
import type { JsonObject } from '@agent-studio/db/models';

/** Bounds and default of a run's deadline, from invoke to its end. */
export const RUN_DEADLINE_MS = { default: 600_000, min: 1_000, max: 3_600_000 } as const;

/**
 * The run deadline for a deployment's config (`runTimeoutMs`, clamped; default 10 minutes).
 *
 * @example
 * runDeadlineMs({ runTimeoutMs: 30_000 }); // 30000
 */
export function runDeadlineMs(config: JsonObject): number {
  const value = config.runTimeoutMs;
  if (typeof value !== 'number' || !Number.isFinite(value)) return RUN_DEADLINE_MS.default;
  return Math.min(Math.max(Math.floor(value), RUN_DEADLINE_MS.min), RUN_DEADLINE_MS.max);
}
