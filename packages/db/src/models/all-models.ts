import { AgentModel } from './agent.js';
import { AgentFunctionModel } from './agent-function.js';
import { ApiKeyModel } from './api-key.js';
import { AuditEventModel } from './audit-event.js';
import { DeploymentModel } from './deployment.js';
import { DeploymentFunctionModel } from './deployment-function.js';
import { McpHealthCheckModel } from './mcp-health-check.js';
import { McpServerModel } from './mcp-server.js';
import { ModelProviderModel } from './model-provider.js';
import { RunModel } from './run.js';
import { RunEventModel } from './run-event.js';
import { RunStepModel } from './run-step.js';
import { StudioFunctionModel } from './studio-function.js';
import { ThreadModel } from './thread.js';
import { ThreadMessageModel } from './thread-message.js';
import { WorkflowModel } from './workflow.js';
import type { ModelClass } from './table.js';

/** Every model, in dependency order (referenced tables first). */
export const allModels: readonly ModelClass[] = [
  AgentModel,
  McpServerModel,
  StudioFunctionModel,
  AgentFunctionModel,
  McpHealthCheckModel,
  WorkflowModel,
  DeploymentModel,
  DeploymentFunctionModel,
  RunModel,
  ThreadModel,
  ThreadMessageModel,
  RunStepModel,
  RunEventModel,
  ApiKeyModel,
  ModelProviderModel,
  AuditEventModel,
];
