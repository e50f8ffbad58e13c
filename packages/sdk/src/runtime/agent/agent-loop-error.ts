/**
 * Why an agent loop ended without an answer. The engine turns it into a `failed` run with
 * `reason` (cancellation is not one of these: the loop rethrows the abort reason of the host's
 * signal unchanged).
 *
 * @module
 */
import { brandedError } from '@agent-studio/db/exec';

const { ErrorBase, isBranded } = brandedError('@agent-studio/sdk/agent-loop-error');

/**
 * - `max_iterations`: the model still wanted tools after `maxIterations` model calls;
 * - `token_budget`: the tokens used (in + out, all calls) exceeded the budget before an answer;
 * - `model_failed`: the model call failed and retrying did not help (the cause is a `StepError`);
 * - `invalid_model`: the agent's `model` is not `"<provider>/<model id>"` of the given provider.
 */
export type AgentLoopFailure = 'max_iterations' | 'token_budget' | 'model_failed' | 'invalid_model';

/**
 * The agent loop stopped without an answer.
 *
 * @example
 * throw new AgentLoopError('max_iterations', 'the agent did not answer within 10 model calls');
 */
export class AgentLoopError extends ErrorBase {
  readonly code = 'AGENT_LOOP_FAILED' as const;
  constructor(
    readonly reason: AgentLoopFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Type guard for {@link AgentLoopError} (works across the ESM and CJS builds).
 *
 * @example
 * catch (e) { if (isAgentLoopError(e)) await failRun(runId, e.reason, e.message); }
 */
export function isAgentLoopError(value: unknown): value is AgentLoopError {
  return isBranded(value);
}
