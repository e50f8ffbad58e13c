/**
 * Validates service input with a zod schema, turning failures into a {@link ValidationError}
 * with field paths.
 * @module
 */
import type { z } from 'zod';
import { ValidationError } from '../errors/validation-error.js';

/**
 * Parses `input` with `schema` or throws `ValidationError` naming every bad field.
 *
 * @example
 * const input = parseInput(createAgentInputSchema, body);
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      message: issue.message,
    })),
  );
}
