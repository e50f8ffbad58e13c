/**
 * Building the request of an `http` function from its config and the call's arguments. Pure.
 *
 * @module
 */
import type { JsonValue } from '@agent-studio/db/models';
import type { HttpFunctionConfig } from '../../services/functions/functions-schemas.js';
import { StepError } from './step-error.js';

/** A `{name}` placeholder in an http function's URL. */
const URL_PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The request an http function makes (before headers).
 *
 * @example
 * const request: HttpRequestPlan = { url: new URL('https://api.example.com/orders/7'), method: 'GET' };
 */
export interface HttpRequestPlan {
  readonly url: URL;
  readonly method: HttpFunctionConfig['method'];
  /** The JSON body (POST, PUT, PATCH). */
  readonly body?: string;
}

/**
 * Builds the URL and body of an http call:
 * - `{name}` placeholders in the URL are filled with the argument `name` (percent-encoded) and
 *   that argument is then left out of the query / body;
 * - GET and DELETE send the other arguments as the query string (a flat object: strings,
 *   numbers and booleans as they are, arrays as repeated keys, objects as JSON, `null` left out);
 * - POST, PUT and PATCH send them as a JSON body (the whole `args` value when it is not an object).
 *
 * A missing placeholder argument, or arguments that are not an object where one is needed, is
 * a `StepError` `invalid_input`.
 *
 * @example
 * buildHttpRequest({ url: 'https://api.example.com/orders/{id}', method: 'GET' }, { id: 'a/b', expand: true });
 * // { url: https://api.example.com/orders/a%2Fb?expand=true, method: 'GET' }
 */
export function buildHttpRequest(config: HttpFunctionConfig, args: JsonValue): HttpRequestPlan {
  const isObject = args !== null && typeof args === 'object' && !Array.isArray(args);
  const rest: Record<string, JsonValue> = isObject ? { ...args } : {};
  const used = new Set<string>();
  const filled = config.url.replace(URL_PLACEHOLDER, (_match, name: string) => {
    const value = isObject && Object.hasOwn(args, name) ? args[name] : undefined;
    if (value === undefined || value === null || typeof value === 'object') {
      throw new StepError('invalid_input', `the URL needs the argument "${name}" (a string, number or boolean)`);
    }
    used.add(name);
    return encodeURIComponent(String(value));
  });
  for (const name of used) delete rest[name];

  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw new StepError('invalid_input', 'the URL is not valid once its placeholders are filled');
  }

  if (config.method === 'GET' || config.method === 'DELETE') {
    if (!isObject && args !== null) {
      throw new StepError('invalid_input', `${config.method} arguments must be an object (sent as the query string)`);
    }
    for (const [name, value] of Object.entries(rest)) appendQuery(url.searchParams, name, value);
    return { url, method: config.method };
  }
  const body = isObject ? rest : args;
  return { url, method: config.method, body: JSON.stringify(body) };
}

function appendQuery(params: URLSearchParams, name: string, value: JsonValue): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) appendQuery(params, name, item);
    return;
  }
  params.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
}
