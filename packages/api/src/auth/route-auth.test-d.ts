import type { Caller } from '@agent-studio/sdk';
import { describe, expectTypeOf, it } from 'vitest';
import type { RouteSpec } from '../routes/route-spec.js';
import { requireScope, type RouteAuth } from './route-auth.js';

describe('route auth types', () => {
  it('requireScope narrows a caller to an API key', () => {
    const check = (caller: Caller) => {
      requireScope(caller, 'admin');
      expectTypeOf(caller).toEqualTypeOf<Extract<Caller, { kind: 'api_key' }>>();
      expectTypeOf(caller.scope).toEqualTypeOf<'admin' | 'read'>();
    };
    void check;
  });

  it('a route declares false or one of admin, read, invoke, run', () => {
    expectTypeOf<RouteSpec['auth']>().toEqualTypeOf<false | RouteAuth | undefined>();
    expectTypeOf<RouteAuth>().toEqualTypeOf<'admin' | 'read' | 'invoke' | 'run'>();
    // @ts-expect-error not an access level
    const wrong: RouteSpec['auth'] = 'root';
    void wrong;
  });

  it('a deployment caller carries its deployment id, an API-key caller its key id and scope', () => {
    expectTypeOf<Extract<Caller, { kind: 'deployment' }>>().toEqualTypeOf<{ readonly kind: 'deployment'; readonly deploymentId: string }>();
    expectTypeOf<Extract<Caller, { kind: 'api_key' }>['keyId']>().toEqualTypeOf<string>();
  });
});
