/**
 * A route declared once and used twice: Express registers it, and the OpenAPI document is built
 * from the same list, so the served routes and the documented operations cannot drift apart.
 *
 * @module
 */
import type { ExecSession } from '@agent-studio/db/exec';
import type { Caller } from '@agent-studio/sdk';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { RouteAuth } from '../auth/route-auth.js';
import type { HandlerResult } from '../session/request-session.js';

/** An extra documented answer of a route: its description, and a JSON schema or another media type. */
export interface OtherResponse {
  readonly description: string;
  /** A JSON body (`application/json`). */
  readonly schema?: z.ZodType;
  /** Another media type and what it carries, e.g. `text/event-stream`. */
  readonly mediaType?: { readonly type: string; readonly description: string };
  /** Response headers, by name: their description. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** HTTP methods the API uses. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a route handler receives: validated params, query and body, the caller and the request's session. */
export interface RouteContext<P, Q, B> {
  readonly req: Request;
  /** The response (to watch for the client going away; the framework writes the result). */
  readonly res: Response;
  readonly session: ExecSession;
  /** Aborted when the client goes away before the answer is written (pass it to long work such as probes). */
  readonly signal: AbortSignal;
  /** Who is calling (authorized for the route's `auth` already); `undefined` only on open routes. */
  readonly caller: Caller | undefined;
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

/**
 * One API operation.
 *
 * @example
 * defineRoute({
 *   method: 'get', path: '/agents/:id', operationId: 'getAgent', tag: 'agents', summary: 'Get an agent',
 *   params: idParams, response: agentSchema,
 *   handler: ({ session, params }) => AgentsService.getAgent(session, params.id),
 * });
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  readonly method: HttpMethod;
  /** Express path under the router's prefix, e.g. `/agents/:id`. */
  readonly path: string;
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  /** A longer description for the OpenAPI document (default: the summary). */
  readonly description?: string;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** The success body's schema (omit for 204). */
  readonly response?: z.ZodType;
  /** Success status (default 200; 204 when there is no response schema). */
  readonly status?: number;
  /**
   * An update guarded by the row's `version`: an `If-Match: "<id>:<version>"` header supplies (or
   * must agree with) the body's `version`, and a stale one answers 412 instead of 409.
   */
  readonly ifMatch?: boolean;
  /**
   * Who may call it: `false` for open routes (health, readiness, version); `'read'` any API key
   * (the default for GET); `'admin'` admin API keys (the default for every other method);
   * `'invoke'` admin API keys and the key of the deployment named by the route's `:id`.
   */
  readonly auth?: false | RouteAuth;
  /**
   * What the OpenAPI document says an open route (`auth: false`) that checks a key itself needs:
   * `'bearer'` (e.g. `/metrics` with `METRICS=admin`). Default: no security.
   */
  readonly documentedAuth?: 'bearer';
  /**
   * Record an audit event when it succeeds (default: true for every method but GET). Set false
   * on operations that change nothing (e.g. `validate`).
   */
  readonly audit?: boolean;
  /**
   * Request headers the operation reads, for the OpenAPI document (e.g. `Prefer`,
   * `Idempotency-Key`); `If-Match` is declared by `ifMatch`.
   */
  readonly requestHeaders?: z.ZodObject;
  /** Error statuses beyond those derived from the spec (see `errorStatuses`). */
  readonly errors?: readonly number[];
  /** Other answers the operation gives, for the OpenAPI document (e.g. 202, or an event stream). */
  readonly otherResponses?: Readonly<Record<number, OtherResponse>>;
  readonly handler: (ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>) => Promise<HandlerResult>;
}

/**
 * Declares a route with its types inferred from its schemas.
 */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec;
}
