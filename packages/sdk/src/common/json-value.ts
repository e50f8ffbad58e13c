/**
 * The one JSON value schema (agent and function `config`, run `input` / `output`, …): a single
 * shared `z.json()` instance, so its recursion is one named, self-referencing `JsonValue`
 * component in the API's OpenAPI document instead of a fresh copy per field.
 * @module
 */
import { z } from 'zod';

/**
 * Any JSON value: string, number, boolean, null, an array or an object of JSON values.
 *
 * @example
 * z.record(z.string(), jsonValueSchema).parse({ maxTokens: 1024, stop: ['\n'] });
 */
export const jsonValueSchema = z.json();
z.globalRegistry.add(jsonValueSchema, { description: 'Any JSON value.' }); // the same instance: its recursion stays one schema
