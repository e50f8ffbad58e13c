/**
 * `@agent-studio/db/models` — the tables as Sequelize model classes. Each name is both a
 * value (the model, for `select(Agent)` / `query(Agent)`) and a type (its plain row).
 *
 * @example
 * import { Agent } from '@agent-studio/db/models';
 * const row: Agent = await session.exec(select(Agent)).one();
 *
 * @module
 */
export { Agent, AgentModel, type AgentStatus } from './models/agent.js';
export { McpServer, McpServerModel, type McpTransport, type McpHealthStatus } from './models/mcp-server.js';
export { StudioFunction, StudioFunctionModel, type FunctionKind } from './models/studio-function.js';
export { AgentFunction, AgentFunctionModel } from './models/agent-function.js';
export { McpHealthCheck, McpHealthCheckModel } from './models/mcp-health-check.js';
export { Workflow, WorkflowModel } from './models/workflow.js';
export { Deployment, DeploymentModel, type DeploymentStatus } from './models/deployment.js';
export { DeploymentFunction, DeploymentFunctionModel } from './models/deployment-function.js';
export { Run, RunModel, type RunStatus } from './models/run.js';
export { RunStep, RunStepModel, type RunStepStatus } from './models/run-step.js';
export { RunEvent, RunEventModel } from './models/run-event.js';
export { Thread, ThreadModel } from './models/thread.js';
export { ThreadMessage, ThreadMessageModel } from './models/thread-message.js';
export { ApiKey, ApiKeyModel, type ApiKeyScope } from './models/api-key.js';
export { AuditEvent, AuditEventModel, type AuditActorKind } from './models/audit-event.js';
export {
  ModelProvider,
  ModelProviderModel,
  type ModelProviderKind,
  type ModelProviderCredentials,
} from './models/model-provider.js';
export { allModels } from './models/all-models.js';
export { RUN_QUEUE } from './models/run-queue.js';
export { isUuid } from './models/table-meta.js';
export type { ModelClass, Row, Instance, TableDefinition } from './models/table.js';
export type { JsonObject, JsonValue } from './models/json.js';
export { secretErrorOf } from './secrets/secret-errors.js';
