/**
 * Workflows: drafts, validation and immutable published versions.
 *
 * @example
 * import { WorkflowsService, workflowDefinitionSchema } from './services/workflows/index.js';
 *
 * @module
 */
export { WorkflowsService } from './workflows-service.js';
export * from './workflows-schemas.js';
export * from './workflow-definition-schema.js';
export {
  validateWorkflowDefinition,
  collectWorkflowReferences,
  boundReport,
  MAX_REPORTED_ISSUES,
  type KnownWorkflowReferences,
} from './validate-workflow-definition.js';
export { toWorkflowDto } from './to-workflow-dto.js';
