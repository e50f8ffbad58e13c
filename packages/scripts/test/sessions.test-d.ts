import type { Engine } from '@agent-studio/db/engine';
import { openSession, withSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import { pruneHealthChecks } from '@agent-studio/legacy/crud';
import { AgentsService, WorkflowsService } from '@agent-studio/sdk';
import { describe, it } from 'vitest';

declare const engine: Engine;

describe('a script that passes the wrong session does not compile', () => {
  it('SDK services take the exec session', async () => {
    await withSession(engine, (session) => WorkflowsService.listWorkflows(session));
    const db = SessionLocal(engine);
    // @ts-expect-error Argument of type 'LegacySession' is not assignable to parameter of type 'ExecSession'
    await AgentsService.listAgents(db);
    await db.close();
  });

  it('legacy CRUD takes the legacy session', async () => {
    await pruneHealthChecks(SessionLocal(engine), new Date());
    // @ts-expect-error Argument of type 'ExecSession' is not assignable to parameter of type 'LegacySession'
    await pruneHealthChecks(openSession(engine), new Date());
  });
});
