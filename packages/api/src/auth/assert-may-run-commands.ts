/**
 * Only admin keys may make the API host run a command (create, change or probe a stdio MCP
 * server). This is the one place that decides it.
 *
 * @module
 */
import type { Request } from 'express';
import { HttpProblem } from '../http/http-problem.js';

/**
 * Who is asking, as the authentication middleware left it on `res.locals`: the key's id and, once
 * keys carry scopes, its scopes (`apiKeyScopes`).
 *
 * @example
 * const caller: CommandCaller = { apiKeyId: 'k1', scopes: ['read'] };
 */
export interface CommandCaller {
  readonly apiKeyId: string | undefined;
  /** The key's scopes; `undefined` while keys have none (every key is then an admin key). */
  readonly scopes?: readonly string[] | undefined;
}

/**
 * The caller of a request.
 *
 * @example
 * assertMayRunCommands(callerOf(req));
 */
export function callerOf(req: Request): CommandCaller {
  const locals = (req.res?.locals ?? {}) as { apiKeyId?: string; apiKeyScopes?: readonly string[] };
  return { apiKeyId: locals.apiKeyId, scopes: locals.apiKeyScopes };
}

/**
 * Throws a 403 problem unless the caller holds an admin key. Keys without scopes (all keys until
 * key scopes exist) count as admin keys, as every key has been one so far.
 *
 * @throws {HttpProblem} 403 for a key without the `admin` scope.
 * @example
 * if (body.transport === 'stdio') assertMayRunCommands(callerOf(req));
 */
export function assertMayRunCommands(caller: CommandCaller): void {
  if (caller.scopes === undefined || caller.scopes.includes('admin')) return;
  throw new HttpProblem(403, 'Forbidden', 'Only admin API keys may create, change or test stdio MCP servers (they run a command on the API host).');
}
