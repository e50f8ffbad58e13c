/**
 * The agent loop and its model client, session-free: the run engine runs an agent node by
 * resolving the provider (`ModelProvidersService.resolveModel`) and calling `runAgentLoop` with
 * its {@link AgentLoopHost}. Meant to be exported from the `@agent-studio/sdk/runtime` subpath.
 *
 * @example
 * import { runAgentLoop, messagesFromInput } from './runtime/agent/index.js';
 * const { answer } = await runAgentLoop({ agent, provider, functions, messages: messagesFromInput(input) }, host);
 *
 * @module
 */
export {
  runAgentLoop,
  messagesFromInput,
  DEFAULT_MAX_ITERATIONS,
  type AgentLoopHost,
  type AgentLoopInput,
  type AgentLoopDeps,
  type AgentLoopResult,
  type AgentLoopUsage,
  type StepMeta,
  type StepResult,
} from './agent-loop.js';
export { AgentLoopError, isAgentLoopError, type AgentLoopFailure } from './agent-loop-error.js';
export {
  createModelClient,
  type ModelClient,
  type ModelClientDeps,
  type ModelRequest,
  type ModelTurn,
  type ModelCallOptions,
  type ToolDefinition,
} from './model-client.js';
export { MODEL_RETRY_POLICY, withRetries } from './with-retries.js';
export { toolNames } from './tool-names.js';
export { chatMessagesSchema, type ChatMessage, type SystemMessage, type UserMessage, type AssistantMessage, type ToolMessage, type ToolCall, type TokenUsage } from './chat-message.js';
