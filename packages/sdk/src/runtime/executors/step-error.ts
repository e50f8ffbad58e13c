/**
 * `StepError`: the one error a node executor throws, with a stable code the engine uses to
 * decide whether to retry, and `toStepError`, which classifies anything else that was thrown.
 *
 * @module
 */

import { brandedError } from '@agent-studio/db/exec';
import { findOutboundBlockedError } from '../../outbound/outbound-blocked-error.js';
import { isExpressionError } from '../expressions/expression-error.js';
import { REFUSED_ERROR_CODES, TIMEOUT_ERROR_CODES, socketErrorCodeOf } from '../../common/socket-error-codes.js';

const { ErrorBase, isBranded } = brandedError('@agent-studio/sdk/step-error');

/**
 * Why a step failed:
 * - `timeout` — no answer within the step's timeout (retryable);
 * - `refused` — the other side could not be reached or dropped the connection (retryable);
 * - `blocked` — refused by policy before anything was sent (e.g. a stdio command not allowed);
 * - `http_status` — an HTTP error status (`status` set; 5xx and 408 retryable);
 * - `rate_limited` — HTTP 429 (retryable, `retryAfterMs` from `Retry-After`);
 * - `too_large` — the response is over the size cap;
 * - `invalid_response` — the answer could not be understood (bad JSON, not MCP);
 * - `tool_error` — an MCP tool answered `isError: true`;
 * - `invalid_input` — the node's input or the function's config cannot make a call;
 * - `cancelled` — the step's signal aborted (cancel or shutdown);
 * - `not_supported` — the node or function kind (or builtin) does not exist here;
 * - `internal` — anything else (a bug).
 */
export type StepErrorCode =
  | 'timeout'
  | 'refused'
  | 'blocked'
  | 'http_status'
  | 'rate_limited'
  | 'too_large'
  | 'invalid_response'
  | 'tool_error'
  | 'invalid_input'
  | 'cancelled'
  | 'not_supported'
  | 'internal';

/** The codes retried when nothing else is said. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<StepErrorCode> = new Set(['timeout', 'refused', 'rate_limited']);

/**
 * Options of a {@link StepError}.
 *
 * @example
 * const options: StepErrorOptions = { status: 503, retryable: true };
 */
export interface StepErrorOptions {
  /** Whether a retry may succeed (default: true for `timeout`, `refused`, `rate_limited`). */
  readonly retryable?: boolean;
  /** How long the other side asked us to wait (`Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number;
  /** The HTTP status, for `http_status` / `rate_limited`. */
  readonly status?: number;
  /** The original error (kept for logs; never part of `toJSON`). */
  readonly cause?: unknown;
}

/**
 * A step error as stored on a run step and sent in events.
 *
 * @example
 * const stored: StepErrorJson = { code: 'timeout', message: 'no answer within 5000 ms', retryable: true };
 */
export type StepErrorJson = {
  code: StepErrorCode;
  message: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
};

/**
 * The error of one failed step. Its message is safe to store and show: executors build it from
 * what they know (never from header or env values).
 *
 * @example
 * throw new StepError('http_status', 'HTTP 503 from 127.0.0.1:8080', { status: 503, retryable: true });
 */
export class StepError extends ErrorBase {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(
    readonly code: StepErrorCode,
    message: string,
    options: StepErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.status !== undefined) this.status = options.status;
  }

  /**
   * The JSON stored on the run step (no stack, no cause).
   *
   * @example
   * JSON.stringify(new StepError('timeout', 'no answer within 5000 ms')); // '{"code":"timeout",...}'
   */
  toJSON(): StepErrorJson {
    const json: StepErrorJson = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.status !== undefined) json.status = this.status;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    return json;
  }
}

/**
 * True for a {@link StepError} (also across the ESM and CJS builds).
 *
 * @example
 * try { await executeFunction(call); } catch (e) { if (isStepError(e) && e.retryable) scheduleRetry(); }
 */
export function isStepError(value: unknown): value is StepError {
  return isBranded(value);
}

/**
 * Classifies anything a step threw. When `signal` has aborted the result is `cancelled`, or
 * `timeout` when the abort reason is a `TimeoutError` (or a `StepError`, which is used as is);
 * otherwise a `StepError` is returned as is, an `ExpressionError` becomes `invalid_input` with its message; socket
 * errors become `refused` / `timeout` with a fixed message (not even the socket code, so the
 * text never carries a header or env value, nor tells a closed port from a reset or filtered
 * one: everything unreachable is just "refused"). Anything else is `internal` with a generic message.
 *
 * @example
 * try { await fetch(url, { signal }); } catch (e) { throw toStepError(e, signal); }
 */
export function toStepError(error: unknown, signal?: AbortSignal): StepError {
  // An abort wins over what the aborted call threw (a handler may throw 'cancelled' when the
  // abort was really the step timeout), but not over a more specific step error.
  if (signal?.aborted && (!isStepError(error) || error.code === 'cancelled')) return fromAbortReason(signal.reason, error);
  if (isStepError(error)) return error;
  if (isExpressionError(error)) return new StepError('invalid_input', error.message, { cause: error });
  // refused by the outbound policy before connecting: one message whatever the port's state
  const blocked = findOutboundBlockedError(error);
  if (blocked) return new StepError('blocked', blocked.message, { cause: error, retryable: false });
  if (isNamed(error, 'TimeoutError')) return new StepError('timeout', 'no answer within the step timeout', { cause: error });
  if (isNamed(error, 'AbortError')) return new StepError('cancelled', 'the step was cancelled', { cause: error });
  const code = socketErrorCodeOf(error);
  if (code && TIMEOUT_ERROR_CODES.has(code)) return new StepError('timeout', 'no answer within the step timeout', { cause: error });
  if (code && REFUSED_ERROR_CODES.has(code)) return new StepError('refused', 'could not reach the server', { cause: error });
  return new StepError('internal', 'the step failed unexpectedly', { cause: error });
}

function fromAbortReason(reason: unknown, cause: unknown): StepError {
  if (isStepError(reason)) return reason;
  if (isNamed(reason, 'TimeoutError')) return new StepError('timeout', 'no answer within the step timeout', { cause });
  return new StepError('cancelled', 'the step was cancelled', { cause });
}

/** True for an Error or DOMException named `name` (`AbortError`, `TimeoutError`). */
function isNamed(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === name;
}
