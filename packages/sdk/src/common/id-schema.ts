import { z } from 'zod';

/**
 * A row id: a UUID. Services validate ids with it, so a malformed id is a `ValidationError`
 * (path `['id']`), never a driver error.
 *
 * @example
 * const id = parseInput(idSchema, req.params.id);
 */
export const idSchema = z.uuid({ message: 'must be a UUID' });
