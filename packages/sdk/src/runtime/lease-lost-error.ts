/**
 * The worker no longer holds the run's lease (it expired and another worker took the run over):
 * the worker must stop working on it at once. Thrown by the step checkpoints, which are fenced
 * by the lease, so a worker that lost its run can never checkpoint over the new holder's work.
 *
 * @example
 * try { await startStep(db, step); } catch (e) { if (isLeaseLostError(e)) return { kind: 'lost' }; throw e; }
 */
export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST' as const;
  constructor(readonly runId: string) {
    super(`this worker no longer holds run ${runId}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Type guard for {@link LeaseLostError}.
 *
 * @example
 * if (isLeaseLostError(e)) stop();
 */
export function isLeaseLostError(value: unknown): value is LeaseLostError {
  return value instanceof LeaseLostError;
}
