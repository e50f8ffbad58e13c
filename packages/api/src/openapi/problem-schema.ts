/**
 * The RFC 9457 problem document every error answers with, as a zod schema: the `Problem`
 * component of the OpenAPI document (and what the response checker of the tests holds every
 * error body to).
 *
 * @module
 */
import { z } from 'zod';

/**
 * `application/problem+json`: the RFC 9457 members plus the API's extensions.
 *
 * @example
 * problemSchema.parse({ type: 'https://agent-studio.dev/problems/not-found', title: 'Not Found', status: 404, detail: 'agent … not found' });
 */
export const problemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'A URI naming the kind of problem.', example: 'https://agent-studio.dev/problems/conflict' }),
    title: z.string().meta({ description: 'The HTTP status text of `status`.', example: 'Conflict' }),
    status: z.number().int().min(400).max(599).meta({ description: 'The HTTP status code.', example: 409 }),
    detail: z.string().meta({ description: 'What went wrong, for a human.', example: 'An agent named "support" already exists.' }),
    instance: z.string().optional().meta({ description: 'The request path.', example: '/api/v1/agents' }),
    requestId: z.string().optional().meta({ description: 'The `X-Request-Id` of the request (quote it when reporting a 500).' }),
    reason: z
      .string()
      .optional()
      .meta({
        description:
          'Why a 409 happened: `unique_violation`, `foreign_key_violation`, `check_violation`, `serialization_failure`, `in_use`, `stale_version`, `invalid_state`, …',
        example: 'unique_violation',
      }),
    fields: z.array(z.string()).optional().meta({ description: 'The fields a 409 is about (e.g. `["name"]`).', example: ['name'] }),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ description: 'Where: `params.id`, `query.limit`, `body.name`, …', example: 'body.name' }),
          message: z.string().meta({ example: 'must not be empty' }),
        }),
      )
      .optional()
      .meta({ description: 'The fields a 422 rejects, one entry per problem.' }),
  })
  .meta({
    description: 'RFC 9457 problem details (`application/problem+json`).',
    example: {
      type: 'https://agent-studio.dev/problems/unprocessable-content',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'The request body is invalid.',
      instance: '/api/v1/agents',
      requestId: '5a0d5c1e-3c1b-4d7e-9d2f-0c6f1f1e2a3b',
      errors: [{ path: 'body.name', message: 'must not be empty' }],
    },
  });
