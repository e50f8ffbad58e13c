import { ConflictError } from '../errors/conflict-error.js';

/**
 * Optimistic concurrency: refuses an update whose expected `version` is not the row's.
 *
 * @example
 * assertVersion('agent', agent.version, input.version);
 */
export function assertVersion(resource: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new ConflictError(
      'stale_version',
      `the ${resource} is at version ${actual}, not ${expected}; reload it and retry`,
      ['version'],
    );
  }
}
