/**
 * `@agent-studio/sdk` — Agent Studio's domain services. Every method takes an `ExecSession`
 * (from `@agent-studio/db/exec`) first and nothing that could hold a legacy session; services
 * flush so database errors surface as typed errors, and leave the commit to the caller.
 *
 * @example
 * import { withSession } from '@agent-studio/db/exec';
 * import { AgentsService } from '@agent-studio/sdk';
 * const agent = await withSession(engine, (s) => AgentsService.getAgent(s, id));
 *
 * @module
 */
export * from './errors/index.js';
export { pageQuerySchema, pageSchema, PAGE_LIMITS, type Page, type PageQuery } from './common/pagination.js';
export { idSchema } from './common/id-schema.js';
export { JSON_FIELD_LIMITS, jsonAtMost } from './common/json-size.js';
export { jsonValueSchema } from './common/json-value.js';
export { parseInput } from './common/parse-input.js';
export { timestampSchema } from './common/timestamps.js';
export { hashApiKey, generateApiKey, looksLikeApiKey, couldBeApiKey, API_KEY_PREFIX, type GeneratedApiKey } from './common/api-key.js';
export * from './services/agents/index.js';
export * from './services/functions/index.js';
export * from './services/mcp-servers/index.js';
export * from './services/workflows/index.js';
export * from './services/deployments/index.js';
export * from './services/runs/index.js';
export * from './services/api-keys/index.js';
export * from './services/model-providers/index.js';
export * from './services/audit-events/index.js';
export * from './services/threads/index.js';
export * from './services/usage/index.js';
export * from './services/studio-export/index.js';
