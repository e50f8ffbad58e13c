/**
 * `GET /usage`: tokens of model calls per agent / deployment / day, for admin keys only.
 * @module
 */
import { UsageService, usageQuerySchema, usageReportSchema, type UsageQuery } from '@agent-studio/sdk';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** The usage routes. */
export const usageRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/usage', operationId: 'getUsage', tag: 'usage',
    summary: 'Tokens in/out of model calls in [from, to) (default the last 30 days), grouped by agent, deployment and/or UTC day (groupBy=agent,day; admin only)',
    auth: 'admin',
    query: usageQuerySchema, response: usageReportSchema,
    // the service parses the raw query itself (the route's parse turns the window into dates)
    handler: async ({ req, session }) => ({ body: await UsageService.getUsage(session, req.query as UsageQuery) }),
  }),
];
