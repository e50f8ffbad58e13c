import { describe, expectTypeOf, it } from 'vitest';
import type { Engine } from '@agent-studio/db/engine';
import { openSession, type ExecSession } from '@agent-studio/db/exec';
import { SessionLocal, type LegacySession } from '@agent-studio/db/legacy';
import type { Instance, McpServer } from '@agent-studio/db/models';
import type { McpProbeResult } from '@agent-studio/sdk/mcp';
import {
  findOrCreateByName,
  getAgents,
  getDueMcpServers,
  getMcpServer,
  getMcpServers,
  pruneHealthChecks,
  recordHealthCheck,
} from '../crud.js';

declare const engine: Engine;
declare const exec: ExecSession;
declare const result: McpProbeResult;

describe('crud functions take the legacy session', () => {
  it('have LegacySession as their first parameter', () => {
    expectTypeOf(getMcpServers).parameter(0).toEqualTypeOf<LegacySession>();
    expectTypeOf(getMcpServer).parameter(0).toEqualTypeOf<LegacySession>();
    expectTypeOf(getDueMcpServers).parameter(0).toEqualTypeOf<LegacySession>();
    expectTypeOf(recordHealthCheck).parameter(0).toEqualTypeOf<LegacySession>();
    expectTypeOf(pruneHealthChecks).parameter(0).toEqualTypeOf<LegacySession>();
    expectTypeOf(getAgents).parameter(0).toEqualTypeOf<LegacySession>();
    expectTypeOf(findOrCreateByName).parameter(0).toEqualTypeOf<LegacySession>();
  });

  it('accept SessionLocal() and reject an ExecSession', () => {
    const db = SessionLocal(engine);
    expectTypeOf(getMcpServers(db, 0, 10)).resolves.toEqualTypeOf<Instance<typeof McpServer>[]>();
    expectTypeOf(getMcpServer(db, 'id')).resolves.toEqualTypeOf<Instance<typeof McpServer> | null>();
    expectTypeOf<ExecSession>().not.toExtend<LegacySession>();
    // @ts-expect-error an ExecSession is not a LegacySession
    void getMcpServers(openSession(engine), 0, 10);
    // @ts-expect-error an ExecSession is not a LegacySession
    void getMcpServer(exec, 'id');
    // @ts-expect-error an ExecSession is not a LegacySession
    void getDueMcpServers(exec, new Date(), 10);
    // @ts-expect-error an ExecSession is not a LegacySession
    void recordHealthCheck(exec, 'id', result);
    // @ts-expect-error an ExecSession is not a LegacySession
    void pruneHealthChecks(exec, new Date());
    // @ts-expect-error an ExecSession is not a LegacySession
    void getAgents(exec, 0, 10);
  });
});
