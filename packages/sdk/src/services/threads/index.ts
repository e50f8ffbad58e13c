/**
 * Threads: the conversations of deployed agents.
 *
 * @example
 * import { ThreadsService, threadSchema } from './services/threads/index.js';
 *
 * @module
 */
export { ThreadsService } from './threads-service.js';
export * from './threads-schemas.js';
