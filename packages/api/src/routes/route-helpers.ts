/**
 * Small pieces every resource route uses: path-parameter schemas and ETags for versioned rows
 * (the `skip` alias of `offset` lives in the SDK's `pageQuerySchema`).
 * @module
 */
import type { Request } from 'express';
import { z } from 'zod';

/** `:id` (validated as a UUID by the service, so a bad one is a 422 naming `id`; `format` documents it). */
export const idParams = z.object({ id: z.string().meta({ description: 'The row id', format: 'uuid' }) });

/** `:id` and `:functionId`. */
export const idAndFunctionParams = idParams.extend({ functionId: z.string().meta({ description: 'The function id', format: 'uuid' }) });

/** The `Prefer: wait=N` request header (RFC 7240) of the operations that start or stop a run. */
export const preferWaitHeader = z.object({
  Prefer: z
    .string()
    .optional()
    .meta({ description: '`wait=N` (N ≤ 60): answer when the run has finished, or after N seconds with the run as it is.', example: 'wait=30' }),
});

/**
 * A strong ETag for a versioned row: changes whenever its `version` does.
 *
 * @example
 * return { body: agent, headers: etag(agent) };
 */
export function etag(row: { id: string; version: number }): Record<string, string> {
  return { ETag: `"${row.id}:${row.version}"` };
}

/**
 * The version an `If-Match` header asks for (`"<id>:<version>"`, or `*` for any), or undefined.
 */
export function ifMatchVersion(req: Request): number | '*' | undefined {
  const header = req.get('if-match');
  if (!header) return undefined;
  if (header.trim() === '*') return '*';
  const match = /^(?:W\/)?"[^":]+:(\d+)"$/.exec(header.trim());
  return match ? Number(match[1]) : Number.NaN;
}
