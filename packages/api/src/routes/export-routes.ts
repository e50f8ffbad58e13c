/**
 * `/export`, `/import`: the whole studio as one document (secrets by reference), and its
 * idempotent import by name — the same `StudioExportService` as `studio export` / `studio import`.
 * @module
 */
import { StudioExportService, importReportSchema, studioExportSchema } from '@agent-studio/sdk';
import { z } from 'zod';
import { defineRoute, type RouteSpec } from './route-spec.js';

const tag = 'export';

/** The body of an import: an export, plus the values of its secret references. */
const importBodySchema = studioExportSchema
  .extend({
    secrets: z
      .record(z.string(), z.string())
      .optional()
      .describe('Values of secret references by name; a reference without one keeps the saved value of an existing resource.'),
  })
  .describe('An export to import, with the values of its secret references.');

const importQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: validate and report what would change; write nothing'),
});

/** The export / import routes. */
export const exportRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/export', operationId: 'exportStudio', tag,
    summary: 'Export agents, functions, MCP servers, model providers, workflows and deployments (secrets as references)',
    response: studioExportSchema,
    handler: async ({ session }) => ({ body: await StudioExportService.exportAll(session) }),
  }),
  defineRoute({
    method: 'post', path: '/import', operationId: 'importStudio', tag,
    summary: 'Import an export by name: creates, updates or leaves each resource; all or nothing (admin only)',
    auth: 'admin',
    body: importBodySchema, query: importQuery, response: importReportSchema,
    handler: async ({ session, body, query }) => {
      const { secrets, ...bundle } = body;
      return { body: await StudioExportService.importAll(session, { bundle, secrets: secrets ?? {}, dryRun: query.dryRun }) };
    },
  }),
];
