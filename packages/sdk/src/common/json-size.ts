/**
 * Size caps on free-form JSON fields (agent `config`, function `config` and `parameters`,
 * workflow definitions), so one row cannot be most of a request limit and a list of them a
 * response of tens of megabytes.
 * @module
 */
import type { z } from 'zod';

/** The caps, in characters of the value's JSON text. */
export const JSON_FIELD_LIMITS = { config: 64 * 1024, definition: 256 * 1024 } as const;

/**
 * A zod `superRefine` check: the value's JSON text is at most `maxChars` characters.
 *
 * @example
 * z.record(z.string(), jsonValueSchema).superRefine(jsonAtMost(JSON_FIELD_LIMITS.config));
 */
export function jsonAtMost(maxChars: number): (value: unknown, ctx: z.RefinementCtx) => void {
  return (value, ctx) => {
    if (JSON.stringify(value).length > maxChars) {
      ctx.addIssue({ code: 'custom', path: [], message: `must be at most ${maxChars} characters as JSON` });
    }
  };
}
