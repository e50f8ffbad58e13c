/**
 * Runs: recording executions and moving them through their statuses.
 *
 * @example
 * import { RunsService, runSchema } from './services/runs/index.js';
 *
 * @module
 */
export { RunsService } from './runs-service.js';
export * from './runs-schemas.js';
export { toRunDto } from './to-run-dto.js';
