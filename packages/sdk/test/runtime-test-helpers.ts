/**
 * Helpers for the runtime tests: a function row and an MCP server row as the engine would hand
 * them over (decrypted), one call of `executeFunction`, and catching typed errors.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonValue, McpServer, StudioFunction } from '@agent-studio/db/models';
import { executeFunction, type ExecutorDeps } from '../src/runtime/executors/function-call.js';
import { isStepError, type StepError } from '../src/runtime/executors/step-error.js';
import { isExpressionError, type ExpressionError } from '../src/runtime/expressions/expression-error.js';

/**
 * Options of {@link callFunction}.
 *
 * @example
 * const options: CallOptions = { timeoutMs: 200, deps: { stdioCommands: [process.execPath] } };
 */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  deps?: ExecutorDeps;
  mcpServer?: McpServer | null;
}

/**
 * Calls `fn` with `args` (default: a fresh signal, 5 s timeout, key `run-1:node-a`).
 *
 * @example
 * await callFunction(functionRow('builtin', { name: 'echo' }), { a: 1 });
 */
export function callFunction(fn: StudioFunction, args: JsonValue, options: CallOptions = {}): Promise<JsonValue> {
  return executeFunction(
    {
      fn,
      ...(options.mcpServer === undefined ? {} : { mcpServer: options.mcpServer }),
      args,
      signal: options.signal ?? new AbortController().signal,
      timeoutMs: options.timeoutMs ?? 5_000,
      idempotencyKey: 'run-1:node-a',
    },
    options.deps,
  );
}

/**
 * The StepError `promise` rejects with (fails the test otherwise).
 *
 * @example
 * expect((await stepFailure(callFunction(fn, {}))).code).toBe('timeout');
 */
export async function stepFailure(promise: Promise<unknown>): Promise<StepError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStepError(error)) throw new Error(`expected a StepError, got ${String(error)}`);
  return error;
}

/**
 * The ExpressionError `fn` throws (fails the test otherwise).
 *
 * @example
 * expect(expressionFailure(() => compileCondition('1 +')).kind).toBe('syntax');
 */
export function expressionFailure(fn: () => unknown): ExpressionError {
  try {
    fn();
  } catch (error) {
    if (isExpressionError(error)) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}

/**
 * A function row of `kind` with `config`.
 *
 * @example
 * const fn = functionRow('http', { url: 'http://127.0.0.1:8080/x', method: 'GET' });
 */
export function functionRow(kind: StudioFunction['kind'], config: JsonObject, extra: Partial<StudioFunction> = {}): StudioFunction {
  const now = new Date();
  return {
    id: randomUUID(),
    name: `fn_${kind}`,
    description: null,
    kind,
    parameters: { type: 'object', properties: {} },
    config,
    headers: {},
    mcpServerId: null,
    mcpToolName: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

/**
 * An MCP server row.
 *
 * @example
 * const server = mcpServerRow({ transport: 'streamable_http', url: 'http://127.0.0.1:8080/mcp' });
 */
export function mcpServerRow(fields: Partial<McpServer> & Pick<McpServer, 'transport'>): McpServer {
  const now = new Date();
  return {
    id: randomUUID(),
    name: 'test-server',
    description: null,
    url: null,
    urlSecret: {},
    argsSecret: {},
    command: null,
    args: [],
    headers: {},
    env: {},
    enabled: true,
    status: 'unknown',
    lastCheckedAt: null,
    lastSuccessAt: null,
    lastLatencyMs: null,
    lastError: null,
    toolCount: null,
    tools: [],
    serverInfo: null,
    protocolVersion: null,
    consecutiveFailures: 0,
    checkIntervalSeconds: 60,
    nextCheckAt: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
}
