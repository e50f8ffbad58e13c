/**
 * Zod schemas of {@link ThreadsService}'s outputs.
 *
 * @module
 */
import { z } from 'zod';
import { jsonValueSchema } from '../../common/json-value.js';
import { timestampSchema } from '../../common/timestamps.js';
import { threadKeySchema } from '../runs/runs-schemas.js';

export const threadSchema = z
  .object({
    deploymentId: z.uuid(),
    threadId: threadKeySchema,
    turns: z.number().int().describe('Turns (runs) invoked on the thread so far.'),
    activeRunId: z.uuid().nullable().describe('The turn in progress (later turns wait for it).'),
    messages: z.array(jsonValueSchema).describe("The conversation so far: each succeeded turn's messages, then its answer."),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .describe('A conversation with a deployed agent.');

/** A thread DTO. */
export type ThreadDto = z.output<typeof threadSchema>;
