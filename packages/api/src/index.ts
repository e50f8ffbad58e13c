/**
 * `@agent-studio/api` — the Express API deployment.
 *
 * @example
 * import { createApp, loadApiConfig } from '@agent-studio/api';
 * const app = createApp({ engine, config: loadApiConfig() });
 *
 * @module
 */
export { createApp, API_PREFIX, servedOperations, type AppOptions } from './app/create-app.js';
export { loadApiConfig, apiEnvSchema, isApiConfigError, ApiConfigError, type ApiConfig } from './config/api-config.js';
export { HttpProblem, isHttpProblem, type HttpProblemOptions, type ProblemDocument } from './http/http-problem.js';
export { withRequestSession, type HandlerContext, type HandlerResult } from './session/request-session.js';
export { bootstrapApiKey, type BootstrapOutcome } from './app/bootstrap-api-key.js';
