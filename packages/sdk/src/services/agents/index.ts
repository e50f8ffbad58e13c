/**
 * Agents and the functions attached to them: `AgentsService` and its schemas.
 *
 * @example
 * import { AgentsService, createAgentInputSchema } from './services/agents/index.js';
 *
 * @module
 */
export { AgentsService } from './agents-service.js';
export { toAgentDto, toAgentFunctionDto } from './to-agent-dto.js';
export { copyBaseName, copyName, firstFreeCopyName } from './copy-name.js';
export * from './agents-schemas.js';
