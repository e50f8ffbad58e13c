/**
 * Model providers: `ModelProvidersService`, its schemas, and the `"<provider>/<model>"` parser.
 *
 * @example
 * import { ModelProvidersService, parseModelRef } from './services/model-providers/index.js';
 *
 * @module
 */
export { ModelProvidersService, type ResolvedModel } from './model-providers-service.js';
export { parseModelRef, type ModelRef } from './model-ref.js';
export { toModelProviderDto } from './to-model-provider-dto.js';
export * from './model-providers-schemas.js';
