/**
 * Usage: tokens of model calls per agent / deployment / day.
 *
 * @example
 * import { UsageService, usageReportSchema } from './services/usage/index.js';
 *
 * @module
 */
export { UsageService } from './usage-service.js';
export * from './usage-schemas.js';
