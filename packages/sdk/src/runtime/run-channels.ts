/**
 * The notification channels of the run engine. Payloads are run ids (or empty).
 *
 * @example
 * await session.executeSql('SELECT pg_notify($1, $2)', [RUN_CHANNELS.events, runId]);
 */
export const RUN_CHANNELS = {
  /** A run was enqueued (or handed back): idle workers fetch. */
  queue: 'agent_studio_run_queue',
  /** A run has new events: watchers read them. */
  events: 'agent_studio_run_events',
  /** A run's cancel was requested: the worker holding it aborts. */
  cancel: 'agent_studio_run_cancel',
} as const;
