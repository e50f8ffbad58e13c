import { describe, expectTypeOf, it } from 'vitest';
import type { Engine } from '@agent-studio/db/engine';
import { openSession, type ExecSession } from '@agent-studio/db/exec';
import { SessionLocal, type LegacySession } from '@agent-studio/db/legacy';
import { Agent, type Instance, type McpServer } from '@agent-studio/db/models';
import type { McpProbeResult } from '@agent-studio/sdk/mcp';
import { findOrCreateByName, pruneHealthChecks, recordHealthCheck } from '../crud.js';

declare const engine: Engine;
declare const exec: ExecSession;
declare const result: McpProbeResult;

describe('crud functions take the legacy session', () => {
  it('have LegacySession as their first parameter', () => {
    expectTypeOf(recordHealthCheck).parameter(0).toEqualTypeOf<LegacySession>();
    expectTypeOf(pruneHealthChecks).parameter(0).toEqualTypeOf<LegacySession>();
    expectTypeOf(findOrCreateByName).parameter(0).toEqualTypeOf<LegacySession>();
  });

  it('accept SessionLocal() and reject an ExecSession', () => {
    const db = SessionLocal(engine);
    expectTypeOf(pruneHealthChecks(db, new Date())).resolves.toEqualTypeOf<number>();
    expectTypeOf(recordHealthCheck(db, 'id', result)).resolves.toExtend<{ server: Instance<typeof McpServer> } | null>();
    expectTypeOf<ExecSession>().not.toExtend<LegacySession>();
    // @ts-expect-error an ExecSession is not a LegacySession
    void pruneHealthChecks(openSession(engine), new Date());
    // @ts-expect-error an ExecSession is not a LegacySession
    void findOrCreateByName(exec, Agent, { name: 'a', model: 'm' });
    // @ts-expect-error an ExecSession is not a LegacySession
    void recordHealthCheck(exec, 'id', result);
    // @ts-expect-error an ExecSession is not a LegacySession
    void pruneHealthChecks(exec, new Date());
  });
});
