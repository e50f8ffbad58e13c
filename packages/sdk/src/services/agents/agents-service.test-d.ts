import type { ExecSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import type { TestEngine } from '@agent-studio/db/testing';
import { describe, expectTypeOf, it } from 'vitest';
import type { Page } from '../../common/pagination.js';
import type { AgentDto, AgentFunctionDto } from './agents-schemas.js';
import { AgentsService } from './agents-service.js';

type Service = typeof AgentsService;
type FirstParams = { [K in keyof Service]: Parameters<Service[K]>[0] };

declare const engine: TestEngine;
declare const session: ExecSession;

describe('AgentsService types', () => {
  it('takes an ExecSession first in every method', () => {
    expectTypeOf<FirstParams>().toEqualTypeOf<{ [K in keyof Service]: ExecSession }>();
  });

  it('refuses a legacy session', () => {
    // @ts-expect-error a LegacySession is not an ExecSession
    void AgentsService.getAgent(SessionLocal(engine), 'id');
    // @ts-expect-error a LegacySession is not an ExecSession
    void AgentsService.deleteAgent(SessionLocal(engine), 'id');
  });

  it('returns DTOs', () => {
    expectTypeOf(AgentsService.getAgent(session, 'id')).resolves.toEqualTypeOf<AgentDto>();
    expectTypeOf(AgentsService.listAgents(session)).resolves.toEqualTypeOf<Page<AgentDto>>();
    expectTypeOf(AgentsService.duplicateAgent(session, 'id')).resolves.toEqualTypeOf<AgentDto>();
    expectTypeOf(AgentsService.attachFunction(session, 'id', { functionId: 'f' })).resolves.toEqualTypeOf<AgentFunctionDto>();
    expectTypeOf(AgentsService.listAgentFunctions(session, 'id')).resolves.toEqualTypeOf<Page<AgentFunctionDto>>();
    expectTypeOf<AgentDto['createdAt']>().toEqualTypeOf<string>();
  });
});
