/**
 * The `http` function executor: one HTTP request (and its redirects) through the given fetch.
 *
 * @module
 */
import type { JsonValue } from '@agent-studio/db/models';
import { redactUrl } from '../../mcp/secret-scrubber.js';
import { httpFunctionConfigSchema, type HttpFunctionConfig } from '../../services/functions/functions-schemas.js';
import { buildHttpRequest } from './http-request.js';
import { readCappedBody } from './read-capped-body.js';
import { parseRetryAfter } from './retry-after.js';
import { StepError } from './step-error.js';

/** The most redirects followed. */
export const MAX_HTTP_REDIRECTS = 5;
/** The `User-Agent` every call sends (unless the function's headers set one). */
export const HTTP_USER_AGENT = 'agent-studio';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * One http call, already bounded: `signal` aborts on cancel and on the step timeout.
 *
 * @example
 * const request: HttpCall = { config, args: { id: 7 }, idempotencyKey: 'run-1:lookup', signal, fetch, maxResponseBytes: 1 << 20 };
 */
export interface HttpCall {
  /** The function's `config` (validated here as an `HttpFunctionConfig`). */
  readonly config: unknown;
  readonly args: JsonValue;
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
  readonly fetch: typeof fetch;
  readonly maxResponseBytes: number;
}

/**
 * Makes the call and returns the response body: parsed JSON when the content type is JSON
 * (`application/json`, `…+json`), else the text; an empty body is `null`.
 *
 * Sends `Idempotency-Key` (always the call's) and `User-Agent: agent-studio`. Redirects are
 * followed by hand, at most {@link MAX_HTTP_REDIRECTS}, each through the same `fetch` (so an
 * outbound policy sees every hop); 303 (and 301/302 after a POST) turn into a GET without
 * body; on a redirect to another origin the function's own headers are dropped (they usually
 * carry credentials).
 *
 * Failures (`StepError`): 5xx and 408 → `http_status`, retryable; 429 → `rate_limited`,
 * retryable, `retryAfterMs` from `Retry-After` (also read on a retryable 5xx); other 4xx/3xx → `http_status`, not retryable;
 * over the size cap → `too_large`; JSON that does not parse → `invalid_response`. Messages
 * name the status and the origin and path only (no query, no header values).
 *
 * @example
 * const body = await executeHttpCall({ config: fn.config, args, idempotencyKey, signal, fetch, maxResponseBytes: 1 << 20 });
 */
export async function executeHttpCall(call: HttpCall): Promise<JsonValue> {
  const parsed = httpFunctionConfigSchema.safeParse(call.config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${['config', ...issue.path].join('.')}: ${issue.message}`).join('; ');
    throw new StepError('invalid_input', `invalid http function config: ${issues}`);
  }
  const config: HttpFunctionConfig = parsed.data;
  const plan = buildHttpRequest(config, call.args);

  let url = plan.url;
  let method: string = plan.method;
  let body = plan.body;
  let ownHeaders = true;
  for (let hop = 0; ; hop += 1) {
    const headers = requestHeaders(ownHeaders ? config.headers : undefined, call.idempotencyKey, body !== undefined);
    const response = await call.fetch(url, { method, headers, body: body ?? null, redirect: 'manual', signal: call.signal });
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return readResult(response, url, call.maxResponseBytes);

    await response.body?.cancel().catch(() => undefined);
    if (hop >= MAX_HTTP_REDIRECTS) {
      throw new StepError('http_status', `more than ${MAX_HTTP_REDIRECTS} redirects from ${redactUrl(plan.url.href)}`, {
        status: response.status,
        retryable: false,
      });
    }
    const next = resolveRedirect(location, url);
    if (next.origin !== url.origin) ownHeaders = false;
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
}

function requestHeaders(own: Readonly<Record<string, string>> | undefined, idempotencyKey: string, json: boolean): Headers {
  const headers = new Headers({ accept: 'application/json, text/plain;q=0.9, */*;q=0.5', 'user-agent': HTTP_USER_AGENT });
  for (const [name, value] of Object.entries(own ?? {})) headers.set(name, value);
  if (json) headers.set('content-type', 'application/json');
  headers.set('idempotency-key', idempotencyKey);
  return headers;
}

function resolveRedirect(location: string, base: URL): URL {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch {
    throw new StepError('invalid_response', `a redirect from ${redactUrl(base.href)} has an invalid Location`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new StepError('blocked', `a redirect from ${redactUrl(base.href)} leaves http(s)`);
  }
  return next;
}

async function readResult(response: Response, url: URL, maxBytes: number): Promise<JsonValue> {
  const where = redactUrl(url.href);
  if (response.status < 200 || response.status >= 300) {
    await response.body?.cancel().catch(() => undefined);
    throw statusError(response, where);
  }
  const bytes = await readCappedBody(response, maxBytes);
  if (bytes.length === 0) return null;
  const text = bytes.toString('utf8');
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (!/^application\/([\w.+-]+\+)?json\b/.test(type)) return text;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new StepError('invalid_response', `the response from ${where} is not valid JSON`, { retryable: false });
  }
}

function statusError(response: Response, where: string): StepError {
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const wait = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) return new StepError('rate_limited', `HTTP 429 from ${where}`, { status, retryable: true, ...wait });
  const retryable = status >= 500 || status === 408;
  return new StepError('http_status', `HTTP ${status} from ${where}`, { status, retryable, ...(retryable ? wait : {}) });
}
