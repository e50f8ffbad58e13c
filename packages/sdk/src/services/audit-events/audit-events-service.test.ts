import { withSession } from '@agent-studio/db/exec';
import { createTestEngine, type TestEngine } from '@agent-studio/db/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidationError } from '../../errors/index.js';
import { AuditEventsService } from './audit-events-service.js';

let engine: TestEngine;

beforeAll(async () => {
  engine = await createTestEngine();
});
afterAll(() => engine?.close());

const event = (actorId: string, resourceId: string) => ({
  actorKind: 'api_key' as const, actorId, action: 'createAgent', method: 'POST' as const, status: 201,
  resourceType: 'agents', resourceId, clientAddress: '127.0.0.1',
});

describe('AuditEventsService', () => {
  it('records in the caller\'s session (committed with it, rolled back with it) and lists newest first', async () => {
    const actor = randomUUID();
    await withSession(engine, (s) => {
      AuditEventsService.recordAuditEvent(s, event(actor, 'a1'));
      return Promise.resolve();
    });
    await withSession(engine, async (s) => {
      AuditEventsService.recordAuditEvent(s, event(actor, 'a2'));
      await s.flush();
      await s.rollback();
    });
    await new Promise((r) => setTimeout(r, 5));
    await withSession(engine, (s) => {
      AuditEventsService.recordAuditEvent(s, event(actor, 'a3'));
      return Promise.resolve();
    });
    const page = await withSession(engine, (s) => AuditEventsService.listAuditEvents(s, { actorId: actor }));
    expect(page.data.map((e) => e.resourceId)).toEqual(['a3', 'a1']);
    expect(page.pagination).toEqual({ total: 2, limit: 20, offset: 0 });
    const oldest = await withSession(engine, (s) => AuditEventsService.listAuditEvents(s, { actorId: actor, sort: 'createdAt', limit: 1 }));
    expect(oldest.data.map((e) => e.resourceId)).toEqual(['a1']);
  });

  it('rejects a malformed event with field paths', async () => {
    const error = await withSession(engine, (s) => {
      AuditEventsService.recordAuditEvent(s, { ...event('not-a-uuid', 'x') });
      return Promise.resolve();
    }).catch((e: unknown) => e);
    expect(isValidationError(error) && error.issues[0]?.path).toEqual(['actorId']);
  });
});
