/**
 * `executeFunction`: runs one function node (or one tool call) — `http`, `mcp_tool` or
 * `builtin` — with the rows the engine hands it. No database access.
 *
 * @module
 */
import { currentStdioCommandPolicy } from '../../mcp/stdio-command-policy.js';
import { outboundFetchFor } from '../../outbound/default-outbound-policy.js';
import { functionHeadersOf } from '../../services/functions/to-function-dto.js';
import type { JsonValue, McpServer, StudioFunction } from '@agent-studio/db/models';
import { raceAbort } from '../../common/race-abort.js';
import { createBuiltinRegistry, type BuiltinRegistry } from './builtin-registry.js';
import { executeHttpCall } from './http-executor.js';
import { executeMcpToolCall } from './mcp-tool-executor.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './read-capped-body.js';
import { StepError, toStepError } from './step-error.js';

/**
 * One call of a function.
 *
 * @example
 * const call: FunctionCall = { fn, args: { id: 7 }, signal: controller.signal, timeoutMs: 10_000, idempotencyKey: `${runId}:${nodeId}` };
 */
export interface FunctionCall {
  /** The function row (config already decrypted). */
  readonly fn: StudioFunction;
  /** For `mcp_tool`: the server row (headers/env decrypted plaintext). */
  readonly mcpServer?: McpServer | null;
  /** The node's input / the tool-call arguments. */
  readonly args: JsonValue;
  /** Cancel + step timeout: every outbound call is aborted on it. */
  readonly signal: AbortSignal;
  /** Per-attempt timeout (enforced here too: `StepError` `timeout`). */
  readonly timeoutMs: number;
  /** http: sent as the `Idempotency-Key` header (e.g. run id + node id). */
  readonly idempotencyKey: string;
}

/**
 * What the executors use from outside.
 *
 * @example
 * const deps: ExecutorDeps = { fetch: policy.fetch, stdioCommands: ['npx'], builtins: createBuiltinRegistry() };
 */
export interface ExecutorDeps {
  /** Outbound fetch; default: the process's outbound policy (`OUTBOUND_ALLOW`), `outboundFetchFor()`. */
  readonly fetch?: typeof fetch;
  /** Allowed stdio commands; default: the process's `MCP_STDIO_COMMANDS` (unset: none -> StepError 'blocked'). */
  readonly stdioCommands?: readonly string[];
  /** The built-ins (default: `createBuiltinRegistry()`). */
  readonly builtins?: BuiltinRegistry;
  /** The largest response body / tool result accepted (default 1 MiB). */
  readonly maxResponseBytes?: number;
}

let defaultBuiltins: BuiltinRegistry | undefined;

/**
 * Runs one function call and returns its result (JSON). Throws only `StepError`s:
 * - `http`: see `executeHttpCall` — the result is the response body (JSON parsed, else text);
 * - `mcp_tool`: see `executeMcpToolCall` — the tool's `structuredContent`, else its `content`;
 * - `builtin`: the built-in named by `config.name` (unknown → `not_supported`).
 *
 * The call is bounded by `timeoutMs` (→ `timeout`) and by `signal` (→ `cancelled`, or
 * `timeout` when its reason is a `TimeoutError`), whether or not the work itself listens.
 *
 * @example
 * const controller = new AbortController();
 * const output = await executeFunction({ fn, args: { text: 'hi' }, signal: controller.signal, timeoutMs: 5_000, idempotencyKey: 'run-1:echo' });
 */
export async function executeFunction(call: FunctionCall, deps: ExecutorDeps = {}): Promise<JsonValue> {
  const attempt = startAttempt(call.signal, call.timeoutMs);
  try {
    return await raceAbort(runKind(call, deps, attempt.signal), attempt.signal);
  } catch (error) {
    throw toStepError(error, attempt.signal);
  } finally {
    attempt.dispose();
  }
}

function runKind(call: FunctionCall, deps: ExecutorDeps, signal: AbortSignal): Promise<JsonValue> {
  const maxResponseBytes = deps.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const { fn } = call;
  switch (fn.kind) {
    case 'http':
      return executeHttpCall({
        config: { ...fn.config, headers: functionHeadersOf(fn) },
        args: call.args,
        idempotencyKey: call.idempotencyKey,
        signal,
        fetch: deps.fetch ?? outboundFetchFor(),
        maxResponseBytes,
      });
    case 'mcp_tool': {
      if (!call.mcpServer || !fn.mcpToolName) {
        throw new StepError('invalid_input', `function ${JSON.stringify(fn.name)} needs its MCP server and tool name`);
      }
      return executeMcpToolCall({
        server: call.mcpServer,
        toolName: fn.mcpToolName,
        args: call.args,
        signal,
        timeoutMs: call.timeoutMs,
        stdioCommands: deps.stdioCommands ?? currentStdioCommandPolicy().commands,
        maxResultBytes: maxResponseBytes,
      });
    }
    case 'builtin': {
      const name = builtinName(fn.config);
      const handler = (deps.builtins ?? (defaultBuiltins ??= createBuiltinRegistry())).get(name);
      if (!handler) throw new StepError('not_supported', `there is no built-in ${JSON.stringify(name)}`);
      return Promise.resolve(handler({ args: call.args, signal }));
    }
    default:
      throw new StepError('not_supported', `functions of kind ${JSON.stringify(fn.kind)} cannot run`);
  }
}

/** `config.name` (`config.builtin` in rows seeded before the name was fixed). */
function builtinName(config: StudioFunction['config']): string {
  const name = config.name ?? config.builtin;
  return typeof name === 'string' ? name : '';
}

/** A per-attempt signal: aborts with the caller's reason, or with a `timeout` StepError after `timeoutMs`. */
function startAttempt(outer: AbortSignal, timeoutMs: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(outer.reason);
  if (outer.aborted) onAbort();
  else outer.addEventListener('abort', onAbort, { once: true });
  const ms = Math.max(1, Math.floor(timeoutMs));
  const timer = setTimeout(() => controller.abort(new StepError('timeout', `no answer within the ${ms} ms step timeout`)), ms);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      outer.removeEventListener('abort', onAbort);
    },
  };
}
