import type { ExecSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import { describe, expectTypeOf, it } from 'vitest';
import { AuditEventsService } from './audit-events-service.js';

type FirstParameters<S> = { [K in keyof S]: S[K] extends (first: infer F, ...rest: never[]) => unknown ? F : never };

describe('AuditEventsService takes an ExecSession only', () => {
  it('every method’s first parameter is ExecSession', () => {
    expectTypeOf<FirstParameters<typeof AuditEventsService>[keyof typeof AuditEventsService]>().toEqualTypeOf<ExecSession>();
  });
  it('a LegacySession does not compile', () => {
    // @ts-expect-error Argument of type 'LegacySession' is not assignable to parameter of type 'ExecSession'
    void AuditEventsService.listAuditEvents(SessionLocal());
  });
  it('an event names its actor kind and method from closed sets', () => {
    type Input = Parameters<typeof AuditEventsService.recordAuditEvent>[1];
    expectTypeOf<Input['actorKind']>().toEqualTypeOf<'api_key' | 'deployment'>();
    expectTypeOf<Input['method']>().toEqualTypeOf<'POST' | 'PUT' | 'PATCH' | 'DELETE'>();
  });
});
