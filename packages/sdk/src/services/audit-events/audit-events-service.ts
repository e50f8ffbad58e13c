/**
 * `AuditEventsService`: the audit log. The API records one event per successful write in the
 * write's own session (so a rolled-back request leaves no event), lists them for admins and
 * prunes them by age.
 * @module
 */
import { select, type ExecSession, type Where } from '@agent-studio/db/exec';
import { AuditEvent } from '@agent-studio/db/models';
import { fetchPage, type Page } from '../../common/pagination.js';
import { parseInput } from '../../common/parse-input.js';
import { toIso } from '../../common/timestamps.js';
import {
  listAuditEventsQuerySchema,
  recordAuditEventInputSchema,
  type AuditEventDto,
  type ListAuditEventsQuery,
  type RecordAuditEventInput,
} from './audit-events-schemas.js';

function toAuditEventDto(row: AuditEvent): AuditEventDto {
  return {
    id: row.id,
    createdAt: toIso(row.createdAt),
    actorKind: row.actorKind,
    actorId: row.actorId,
    action: row.action,
    method: row.method as AuditEventDto['method'],
    status: row.status,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    clientAddress: row.clientAddress,
    requestId: row.requestId,
  };
}

/**
 * The audit log.
 *
 * @example
 * AuditEventsService.recordAuditEvent(session, { actorKind: 'api_key', actorId: keyId, action: 'createAgent',
 *   method: 'POST', status: 201, resourceType: 'agents', resourceId: agent.id });
 * const page = await AuditEventsService.listAuditEvents(session, { limit: 50 });
 */
export const AuditEventsService = {
  /** Adds an event to the session's unit of work (written with it, at the next flush or commit). */
  recordAuditEvent(session: ExecSession, input: RecordAuditEventInput): void {
    const data = parseInput(recordAuditEventInputSchema, input);
    session.add(AuditEvent, data);
  },

  /** A page of events, newest first unless `sort=createdAt`. */
  async listAuditEvents(session: ExecSession, query: ListAuditEventsQuery = {}): Promise<Page<AuditEventDto>> {
    const q = parseInput(listAuditEventsQuerySchema, query);
    const where: Where<AuditEvent> = {};
    if (q.actorId !== undefined) where.actorId = q.actorId;
    if (q.resourceType !== undefined) where.resourceType = q.resourceType;
    if (q.resourceId !== undefined) where.resourceId = q.resourceId;
    const { rows, pagination } = await fetchPage(session, select(AuditEvent).where(where), q, q.sort);
    return { data: rows.map(toAuditEventDto), pagination };
  },
};
