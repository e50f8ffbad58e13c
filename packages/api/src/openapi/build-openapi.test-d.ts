import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { RouteSpec } from '../routes/route-spec.js';
import { buildOpenApi, type MountedRoute } from './build-openapi.js';

describe('OpenAPI builder types', () => {
  it('documents mounted routes only', () => {
    expectTypeOf(buildOpenApi).parameter(0).toEqualTypeOf<readonly MountedRoute[]>();
    // @ts-expect-error a route without the prefix it is mounted at
    buildOpenApi([{} as RouteSpec], { version: '1' });
  });

  it('request headers are a zod object (one property per header), error statuses numbers', () => {
    expectTypeOf<RouteSpec['requestHeaders']>().toEqualTypeOf<z.ZodObject | undefined>();
    // @ts-expect-error a header set is an object schema, not a string schema
    const wrong: RouteSpec['requestHeaders'] = z.string();
    void wrong;
    expectTypeOf<RouteSpec['errors']>().toEqualTypeOf<readonly number[] | undefined>();
  });
});
