/**
 * Where the run engine's queue lives: pg-boss's schema and the queue that carries one job per
 * run. The migration creates both; the runtime's worker and the invoke path use the same names.
 *
 * @example
 * await boss.send(RUN_QUEUE.name, { runId }, { db });
 */
export const RUN_QUEUE = { schema: 'pgboss', name: 'agent-studio-runs' } as const;
