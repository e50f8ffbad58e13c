/**
 * The `mcp_tool` function executor: one MCP `tools/call` on the function's server.
 *
 * @module
 */
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { JsonValue, McpServer } from '@agent-studio/db/models';
import { currentStdioCommandPolicy } from '../../mcp/stdio-command-policy.js';
import { endpointUrlOf } from '../../mcp/url-secret.js';
import { argsWithSecrets, secretArgIndexes } from '../../mcp/secret-args.js';
import { connectMcpClient, McpConnectError, type McpClientHandle } from '../../mcp/connect-mcp-client.js';
import { mcpProbeConfigSchema, type McpProbeConfig } from '../../mcp/probe-config.js';
import { startDeadline } from '../../mcp/probe-deadline.js';
import { createSecretScrubber, type SecretScrubber } from '../../mcp/secret-scrubber.js';
import { StepError, toStepError } from './step-error.js';

/** The identity the executor announces in `initialize`. */
const RUNNER_CLIENT_INFO = { name: 'agent-studio-runner', version: '0.1.0' } as const;
/** Characters of a tool's error text kept in the step error. */
const MAX_TOOL_ERROR_CHARS = 500;

/**
 * One MCP tool call, already bounded: `signal` aborts on cancel and on the step timeout.
 *
 * @example
 * const request: McpToolCall = { server, toolName: 'search', args: { q: 'x' }, signal, timeoutMs: 10_000, stdioCommands: [], maxResultBytes: 1 << 20 };
 */
export interface McpToolCall {
  /** The server row (headers and env decrypted). */
  readonly server: McpServer;
  readonly toolName: string;
  readonly args: JsonValue;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Commands a stdio server may be started with; anything else is `blocked`. */
  readonly stdioCommands: readonly string[];
  /** The largest result (as JSON) accepted. */
  readonly maxResultBytes: number;
}

/**
 * Calls `toolName` on `server` through `@modelcontextprotocol/sdk` (streamable HTTP falling
 * back to SSE, or stdio when the command is allowed) with the server's stored headers / env,
 * and always closes the client (a stdio process is ended). Returns the tool's
 * `structuredContent` when there is one, else its `content` array.
 *
 * Failures (`StepError`): `isError: true` → `tool_error` (not retryable); a JSON-RPC error →
 * `tool_error`; a stdio command not allowed or a disabled server → `blocked`; HTTP 5xx /
 * connection failures → retryable `http_status` / `refused`; 401/403 → `http_status`; no
 * answer in time → `timeout`. Messages are scrubbed of the server's header and env values.
 *
 * @example
 * const result = await executeMcpToolCall({ server, toolName: 'search_docs', args: { q: 'refunds' }, signal, timeoutMs: 10_000, stdioCommands: [], maxResultBytes: 1 << 20 });
 */
export async function executeMcpToolCall(call: McpToolCall): Promise<JsonValue> {
  const config = serverConfig(call.server);
  const scrub = createSecretScrubber(config);
  if (!call.server.enabled) throw new StepError('blocked', `MCP server ${JSON.stringify(call.server.name)} is disabled`);
  if (config.transport === 'stdio' && !call.stdioCommands.includes(config.command ?? '')) {
    throw new StepError('blocked', 'this stdio command is not in the allowed list (MCP_STDIO_COMMANDS)');
  }
  const args = toolArguments(call.args);

  const deadline = startDeadline(Math.max(1, call.timeoutMs), call.signal);
  let handle: McpClientHandle | undefined;
  try {
    // the allowed list checked above; the process's cap on stdio processes and outbound policy
    ({ handle } = await connectMcpClient(config, deadline, RUNNER_CLIENT_INFO, {
      commands: { commands: call.stdioCommands, maxProcesses: currentStdioCommandPolicy().maxProcesses },
    }));
    const result = await deadline.race(
      handle.client.request({ method: 'tools/call', params: { name: call.toolName, arguments: args } }, CallToolResultSchema, deadline.requestOptions()),
    );
    if (result.isError === true) {
      throw new StepError('tool_error', `tool ${JSON.stringify(call.toolName)} failed: ${scrub(errorText(result.content)) || 'no details'}`, {
        retryable: false,
      });
    }
    const value = (result.structuredContent ?? result.content) as JsonValue;
    if (Buffer.byteLength(JSON.stringify(value)) > call.maxResultBytes) {
      throw new StepError('too_large', `the tool result is larger than ${call.maxResultBytes} bytes`, { retryable: false });
    }
    return value;
  } catch (error) {
    if (deadline.timedOut) throw new StepError('timeout', `no answer from the MCP server within ${call.timeoutMs} ms`, { cause: error });
    throw classify(error instanceof McpConnectError ? error.cause : error, call.signal, scrub);
  } finally {
    await handle?.close(!deadline.signal.aborted);
    deadline.dispose();
  }
}

function serverConfig(server: McpServer): McpProbeConfig {
  const parsed = mcpProbeConfigSchema.safeParse({
    transport: server.transport,
    ...(endpointUrlOf(server) ? { url: endpointUrlOf(server) } : {}),
    ...(server.command ? { command: server.command } : {}),
    args: argsWithSecrets(server),
    secretArgs: secretArgIndexes(server),
    headers: server.headers,
    env: server.env,
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ');
    throw new StepError('invalid_input', `MCP server ${JSON.stringify(server.name)} is misconfigured: ${issues}`);
  }
  return parsed.data;
}

function toolArguments(args: JsonValue): Record<string, JsonValue> {
  if (args === null) return {};
  if (typeof args !== 'object' || Array.isArray(args)) {
    throw new StepError('invalid_input', 'MCP tool arguments must be an object');
  }
  return args;
}

function errorText(content: readonly { type: string; text?: unknown }[]): string {
  const text = content
    .flatMap((part) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : []))
    .join(' ')
    .replace(/\p{Cc}+/gu, ' ')
    .trim();
  return text.length > MAX_TOOL_ERROR_CHARS ? `${text.slice(0, MAX_TOOL_ERROR_CHARS)}…` : text;
}

function classify(error: unknown, signal: AbortSignal, scrub: SecretScrubber): StepError {
  const status = error instanceof StreamableHTTPError || error instanceof SseError ? error.code : undefined;
  if (typeof status === 'number' && status >= 400) {
    if (status === 429) return new StepError('rate_limited', 'HTTP 429 from the MCP server', { status, cause: error });
    const retryable = status >= 500 || status === 408;
    return new StepError('http_status', `HTTP ${status} from the MCP server`, { status, retryable, cause: error });
  }
  if (typeof status === 'number' && status === -1) {
    return new StepError('invalid_response', 'the server is not an MCP endpoint', { cause: error });
  }
  if (error instanceof McpError && !signal.aborted) {
    if (error.code === (ErrorCode.RequestTimeout as number)) return new StepError('timeout', 'the MCP request timed out', { cause: error });
    if (error.code === (ErrorCode.ConnectionClosed as number)) return new StepError('refused', 'the MCP server closed the connection', { cause: error });
    return new StepError('tool_error', scrub(error.message.replace(/(MCP error -?\d+: )\1+/g, '$1')), { retryable: false, cause: error });
  }
  if (error instanceof Error && (error.name === 'ZodError' || error.name === '$ZodError')) {
    return new StepError('invalid_response', 'the MCP server sent a malformed result', { cause: error });
  }
  return toStepError(error, signal);
}
