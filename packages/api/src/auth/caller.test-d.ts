import type { Response } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { callerOf, type Caller } from './caller.js';

declare const res: Response;

describe('Caller', () => {
  it('is an API key with its scope or a deployment key, told apart by kind', () => {
    const caller = callerOf(res);
    expectTypeOf(caller).toEqualTypeOf<Caller>();
    if (caller.kind === 'deployment') expectTypeOf(caller.deploymentId).toEqualTypeOf<string>();
    if (caller.kind === 'api_key') expectTypeOf(caller.keyId).toEqualTypeOf<string>();
    // @ts-expect-error a deployment caller has no key id
    if (caller.kind === 'deployment') void caller.keyId;
  });
});
