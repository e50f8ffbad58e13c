/**
 * The events of a run's log, in the order a run produces them.
 *
 * @example
 * if (TERMINAL_RUN_EVENT_TYPES.includes(event.type)) stream.end();
 */
export const RUN_EVENT_TYPES = [
  'run.queued',
  'run.started',
  'run.resumed',
  'run.requeued',
  'run.cancel_requested',
  'step.started',
  'step.succeeded',
  'step.failed',
  'step.retrying',
  'step.skipped',
  'token',
  'run.succeeded',
  'run.failed',
  'run.cancelled',
  'run.timed_out',
] as const;

/** A run event type. */
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/**
 * The events that end a run's log: a watcher stops after one of these.
 *
 * @example
 * const done = TERMINAL_RUN_EVENT_TYPES.includes(event.type as RunEventType);
 */
export const TERMINAL_RUN_EVENT_TYPES: readonly RunEventType[] = ['run.succeeded', 'run.failed', 'run.cancelled', 'run.timed_out'];

/**
 * True for an event type that ends the run's log.
 *
 * @example
 * isTerminalRunEvent('run.failed'); // true
 */
export function isTerminalRunEvent(type: string): boolean {
  return (TERMINAL_RUN_EVENT_TYPES as readonly string[]).includes(type);
}
