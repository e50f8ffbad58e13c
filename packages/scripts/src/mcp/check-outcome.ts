/**
 * How one check ended, in a word or two (progress lines and the summary table).
 *
 * @module
 */
import type { CheckEvent } from '@agent-studio/legacy/monitor';

/**
 * The status written, else why none was: `cancelled` (stopped mid-probe), `not recorded` (the
 * write failed), `deleted meanwhile` (the server was deleted while it was probed).
 *
 * @example
 * checkOutcome(event); // 'healthy'
 */
export function checkOutcome(event: CheckEvent): string {
  if (event.status) return event.status;
  if (event.cancelled) return 'cancelled';
  if (event.error) return 'not recorded';
  return 'deleted meanwhile';
}
