import type { ExecSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import { describe, expectTypeOf, it } from 'vitest';
import { ApiKeysService } from './api-keys-service.js';

type FirstParameters<S> = { [K in keyof S]: S[K] extends (first: infer F, ...rest: never[]) => unknown ? F : never };

describe('ApiKeysService takes an ExecSession only', () => {
  it('every method’s first parameter is ExecSession', () => {
    expectTypeOf<FirstParameters<typeof ApiKeysService>[keyof typeof ApiKeysService]>().toEqualTypeOf<ExecSession>();
  });
  it('a LegacySession does not compile', () => {
    // @ts-expect-error Argument of type 'LegacySession' is not assignable to parameter of type 'ExecSession'
    void ApiKeysService.listApiKeys(SessionLocal());
  });
});
