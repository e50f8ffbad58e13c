/**
 * Schemas of the audit log (table `audit_events`): who changed what, when, from where.
 * @module
 */
import { z } from 'zod';
import { idSchema } from '../../common/id-schema.js';
import { pageQuerySchema, pageSchema } from '../../common/pagination.js';
import { sortSchema } from '../../common/sort.js';
import { timestampSchema } from '../../common/timestamps.js';

/** Who made a change: an API key or a deployment key (by id). */
export const auditActorKindSchema = z.enum(['api_key', 'deployment']);

/** Input of `recordAuditEvent`: one successful write. */
export const recordAuditEventInputSchema = z.object({
  actorKind: auditActorKindSchema,
  actorId: idSchema.describe('The id of the API key or deployment whose key made the change'),
  action: z.string().min(1).max(200).describe('The operation, e.g. createAgent'),
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
  status: z.number().int().min(100).max(599),
  resourceType: z.string().min(1).max(100).describe('e.g. agents, api-keys'),
  resourceId: z.string().max(200).nullable().default(null),
  clientAddress: z.string().max(100).nullable().default(null),
  requestId: z.string().max(200).nullable().default(null),
});
/** What `recordAuditEvent` takes. */
export type RecordAuditEventInput = z.input<typeof recordAuditEventInputSchema>;

/** An audit event as services return it. */
export const auditEventSchema = recordAuditEventInputSchema.extend({
  id: z.uuid(),
  createdAt: timestampSchema,
  resourceId: z.string().nullable(),
  clientAddress: z.string().nullable(),
  requestId: z.string().nullable(),
});
/** An audit event DTO. */
export type AuditEventDto = z.output<typeof auditEventSchema>;

/** A page of audit events. */
export const auditEventPageSchema = pageSchema(auditEventSchema);

/** Filters, sort and paging of `listAuditEvents` (newest first by default). */
export const listAuditEventsQuerySchema = pageQuerySchema.extend({
  actorId: idSchema.optional().describe('Events of this key or deployment'),
  resourceType: z.string().max(100).optional(),
  resourceId: z.string().max(200).optional(),
  sort: sortSchema(['createdAt'] as const, '-createdAt'),
});
/** What `listAuditEvents` takes. */
export type ListAuditEventsQuery = z.input<typeof listAuditEventsQuerySchema>;
