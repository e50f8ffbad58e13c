import type { Response } from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import { callerOf, type Caller } from './caller.js';

declare const res: Response;

describe('Caller', () => {
  it('is an admin key or a deployment key, told apart by kind', () => {
    const caller = callerOf(res);
    expectTypeOf(caller).toEqualTypeOf<Caller | undefined>();
    if (caller?.kind === 'deployment') expectTypeOf(caller.deploymentId).toEqualTypeOf<string>();
    if (caller?.kind === 'admin') expectTypeOf(caller.apiKeyId).toEqualTypeOf<string>();
    // @ts-expect-error a deployment caller has no api key id
    if (caller?.kind === 'deployment') void caller.apiKeyId;
  });
});
