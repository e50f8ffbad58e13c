import type { ExecSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import type { TestEngine } from '@agent-studio/db/testing';
import { describe, expectTypeOf, it } from 'vitest';
import type { Page } from '../../common/pagination.js';
import type { CreateFunctionInput, FunctionDto, FunctionValidationResult } from './functions-schemas.js';
import { FunctionsService } from './functions-service.js';

type Service = typeof FunctionsService;
type FirstParams = { [K in keyof Service]: Parameters<Service[K]>[0] };

declare const engine: TestEngine;
declare const session: ExecSession;

describe('FunctionsService types', () => {
  it('takes an ExecSession first in every method', () => {
    expectTypeOf<FirstParams>().toEqualTypeOf<{ [K in keyof Service]: ExecSession }>();
  });

  it('refuses a legacy session', () => {
    // @ts-expect-error a LegacySession is not an ExecSession
    void FunctionsService.getFunction(SessionLocal(engine), 'id');
    // @ts-expect-error a LegacySession is not an ExecSession
    void FunctionsService.validateFunction(SessionLocal(engine), {});
  });

  it('returns DTOs', () => {
    expectTypeOf(FunctionsService.getFunction(session, 'id')).resolves.toEqualTypeOf<FunctionDto>();
    expectTypeOf(FunctionsService.listFunctions(session)).resolves.toEqualTypeOf<Page<FunctionDto>>();
    expectTypeOf(FunctionsService.validateFunction(session, {})).resolves.toEqualTypeOf<FunctionValidationResult>();
    expectTypeOf(FunctionsService.deleteFunction(session, 'id')).resolves.toEqualTypeOf<void>();
  });

  it('types the create input by kind', () => {
    expectTypeOf<{ kind: 'builtin'; name: string; config: { name: string } }>().toExtend<CreateFunctionInput>();
    expectTypeOf<{ kind: 'mcp_tool'; name: string; mcpServerId: string; mcpToolName: string }>().toExtend<CreateFunctionInput>();
    // an http function needs its url and method
    expectTypeOf<{ kind: 'http'; name: string; config: { name: string } }>().not.toExtend<CreateFunctionInput>();
  });
});
