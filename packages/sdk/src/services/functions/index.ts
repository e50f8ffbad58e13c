/**
 * Functions (tools) agents and deployments call: `FunctionsService`, its schemas and the JSON
 * Schema check of `parameters`.
 *
 * @example
 * import { FunctionsService, createFunctionInputSchema } from './services/functions/index.js';
 *
 * @module
 */
export { FunctionsService } from './functions-service.js';
export { toFunctionDto } from './to-function-dto.js';
export { checkParametersSchema, JSON_SCHEMA_TYPES, MAX_SCHEMA_DEPTH } from './json-schema-check.js';
export * from './functions-schemas.js';
