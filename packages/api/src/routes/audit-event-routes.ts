/**
 * `/audit-events`: the audit log, for admin keys only.
 * @module
 */
import { AuditEventsService, auditEventPageSchema, listAuditEventsQuerySchema } from '@agent-studio/sdk';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** The audit log routes. */
export const auditEventRoutes: RouteSpec[] = [
  defineRoute({
    method: 'get', path: '/audit-events', operationId: 'listAuditEvents', tag: 'audit-events',
    summary: 'List audit events: who changed what, when, from where (newest first; admin only)',
    auth: 'admin',
    query: listAuditEventsQuerySchema, response: auditEventPageSchema,
    handler: async ({ session, query }) => ({ body: await AuditEventsService.listAuditEvents(session, query) }),
  }),
];
