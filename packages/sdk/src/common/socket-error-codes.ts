/**
 * The socket and undici error codes that mean "could not reach it" or "no answer in time",
 * shared by the MCP probe's classifier and the run engine's step errors.
 *
 * @module
 */

/**
 * Codes meaning the other side could not be reached or dropped the connection (including a
 * stdio command that cannot be spawned: `ENOENT`, `EACCES`).
 *
 * @example
 * if (REFUSED_ERROR_CODES.has(code)) return 'refused';
 */
export const REFUSED_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ENOENT',
  'EACCES',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/**
 * Codes meaning no answer came in time.
 *
 * @example
 * if (TIMEOUT_ERROR_CODES.has(code)) return 'timeout';
 */
export const TIMEOUT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * The first refused/timeout code on an error, its `cause` chain or its `errors` (an
 * `AggregateError` from a multi-address connect); with `scanMessages`, also a code named in a
 * message (some transports only put it there).
 *
 * @example
 * socketErrorCodeOf(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) })); // 'ECONNREFUSED'
 */
export function socketErrorCodeOf(error: unknown, scanMessages = false): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && isSocketErrorCode(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const found = socketErrorCodeOf(inner, scanMessages);
        if (found) return found;
      }
    }
    const message = (current as { message?: unknown }).message;
    if (scanMessages && typeof message === 'string') {
      for (const match of message.matchAll(/\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/g)) {
        if (match[1] && isSocketErrorCode(match[1])) return match[1];
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isSocketErrorCode(code: string): boolean {
  return REFUSED_ERROR_CODES.has(code) || TIMEOUT_ERROR_CODES.has(code);
}
