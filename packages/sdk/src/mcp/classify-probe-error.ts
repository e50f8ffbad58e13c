/**
 * Maps whatever a probe attempt threw (fetch and socket errors, the SDK's transport errors,
 * JSON-RPC errors, schema errors, our deadline) to a failure kind and a plain message.
 *
 * @module
 */
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { REFUSED_ERROR_CODES, TIMEOUT_ERROR_CODES, socketErrorCodeOf } from '../common/socket-error-codes.js';
import { findOutboundBlockedError, OUTBOUND_BLOCKED_IN_TEXT } from '../outbound/outbound-blocked-error.js';
import type { McpProbeError } from './probe-result.js';
import { isStdioCommandRefusedError } from './stdio-command-refused-error.js';

/**
 * Where in the probe an error happened: `handshake` (transport start + `initialize`) or
 * `tools` (`tools/list` and `ping`).
 */
export type ProbePhase = 'handshake' | 'tools';

/**
 * What the classifier knows besides the error itself.
 *
 * @example
 * const context: ClassifyContext = { phase: 'tools', timedOut: false, cancelled: false, deadlineMs: 5_000 };
 */
export interface ClassifyContext {
  phase: ProbePhase;
  /** The probe's deadline passed (this wins over whatever the error says). */
  timedOut: boolean;
  /** The caller cancelled the probe. */
  cancelled: boolean;
  deadlineMs: number;
  /** Extra detail, e.g. the tail of a stdio server's stderr. */
  detail?: string;
}

/**
 * Classifies a probe error. The message is NOT yet scrubbed of secrets: pass it through the
 * probe's secret scrubber before it leaves the probe.
 *
 * @example
 * classifyProbeError(new McpError(ErrorCode.InternalError, 'boom'), { phase: 'tools', timedOut: false, cancelled: false, deadlineMs: 5_000 });
 * // { kind: 'protocol_error', message: 'tools/list failed: MCP error -32603: boom' }
 */
export function classifyProbeError(error: unknown, context: ClassifyContext): McpProbeError {
  const base = describe(error);
  const withDetail = (message: string): string => (context.detail ? `${message}; ${context.detail}` : message);
  const step = context.phase === 'handshake' ? 'connect/initialize' : 'tools/list';

  if (context.timedOut) {
    return { kind: 'timeout', message: withDetail(`${step}: no answer within the ${context.deadlineMs} ms deadline`) };
  }
  if (context.cancelled) return { kind: 'unknown', message: 'the probe was cancelled' };
  // Refused by policy before connecting or spawning: the same answer whether a port is open or closed.
  // (The SSE transport keeps only the text of its fetch error, not the error itself.)
  const blocked = findOutboundBlockedError(error)?.message ?? OUTBOUND_BLOCKED_IN_TEXT.exec(base)?.[0];
  if (blocked) return { kind: 'blocked', message: `${step}: ${blocked}` };
  if (isStdioCommandRefusedError(error)) return { kind: 'blocked', message: `${step}: ${error.message}` };

  const status = httpStatusOf(error);
  if (status !== undefined) {
    if (status === 401 || status === 403) return { kind: 'auth', message: `${step}: HTTP ${status} (${base})` };
    if (status === -1) return { kind: 'not_mcp', message: `${step}: not an MCP endpoint (${base})` };
    if (status >= 400 && status < 500) return { kind: 'not_mcp', message: `${step}: not an MCP endpoint, HTTP ${status} (${base})` };
    if (status >= 500) return { kind: 'unknown', message: `${step}: server error HTTP ${status} (${base})` };
  }
  if (error instanceof UnauthorizedError) return { kind: 'auth', message: `${step}: unauthorized (${base})` };

  const code = socketErrorCodeOf(error, true);
  if (code && TIMEOUT_ERROR_CODES.has(code)) return { kind: 'timeout', message: withDetail(`${step}: ${code} (${base})`) };
  if (code && REFUSED_ERROR_CODES.has(code)) {
    return { kind: 'refused', message: withDetail(`${step}: could not reach the server, ${code} (${base})`) };
  }

  if (error instanceof McpError) {
    if (error.code === (ErrorCode.RequestTimeout as number)) {
      return { kind: 'timeout', message: withDetail(`${step}: ${base}`) };
    }
    if (error.code === (ErrorCode.ConnectionClosed as number)) {
      return { kind: 'refused', message: withDetail(`${step}: the server closed the connection (${base})`) };
    }
    return { kind: 'protocol_error', message: `${step} failed: ${base}` };
  }
  if (isSchemaError(error) || error instanceof SyntaxError) {
    return context.phase === 'handshake'
      ? { kind: 'not_mcp', message: `${step}: the answer is not MCP JSON-RPC (${schemaSummary(error)})` }
      : { kind: 'protocol_error', message: `${step}: malformed result (${schemaSummary(error)})` };
  }
  if (/protocol version is not supported|invalid initialize result/i.test(base)) {
    return { kind: 'protocol_error', message: `${step}: ${base}` };
  }
  if (/content[- ]type/i.test(base)) return { kind: 'not_mcp', message: `${step}: not an MCP endpoint (${base})` };
  return { kind: 'unknown', message: withDetail(`${step}: ${base}`) };
}

/**
 * The HTTP status carried by the SDK's transport errors (`-1` = unexpected content type).
 *
 * @example
 * httpStatusOf(new StreamableHTTPError(405, 'Method Not Allowed')); // 405
 */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof StreamableHTTPError || error instanceof SseError) {
    return typeof error.code === 'number' ? error.code : undefined;
  }
  return undefined;
}

/**
 * True when a streamable-HTTP attempt failed in a way that says "this server does not speak
 * streamable HTTP" (an HTTP 4xx other than 401/403/408/429, or a non-MCP content type), so the
 * older SSE transport is worth trying — the fallback the MCP specification describes.
 *
 * @example
 * if (shouldFallBackToSse(error)) result = await attempt('sse');
 */
export function shouldFallBackToSse(error: unknown): boolean {
  if (!(error instanceof StreamableHTTPError)) return false;
  const status = error.code;
  if (status === -1) return true;
  if (status === undefined || status < 400 || status >= 500) return false;
  return ![401, 403, 408, 429].includes(status);
}

function isSchemaError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ZodError' || error.name === '$ZodError');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const causeMessage =
      error.cause instanceof Error && error.cause.message && !error.message.includes(error.cause.message)
        ? `: ${error.cause.message}`
        : '';
    // A server that throws an McpError gets it wrapped again on our side: "MCP error -1: MCP error -1: x".
    return `${error.message || error.name}${causeMessage}`.replace(/(MCP error -?\d+: )\1+/g, '$1');
  }
  return String(error);
}

/** The first issues of a schema (zod) error, or of a JSON syntax error, on one line. */
function schemaSummary(error: unknown): string {
  const issues = (error as { issues?: unknown }).issues;
  if (Array.isArray(issues)) {
    return issues
      .slice(0, 3)
      .map((issue: { path?: unknown[]; message?: string }) => {
        const path = Array.isArray(issue.path) && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        return `${path}${issue.message ?? 'invalid'}`;
      })
      .join('; ');
  }
  return describe(error).split('\n', 1)[0] ?? '';
}
