import type { ExecSession } from '@agent-studio/db/exec';
import { SessionLocal } from '@agent-studio/db/legacy';
import type { ModelProvider } from '@agent-studio/db/models';
import type { TestEngine } from '@agent-studio/db/testing';
import { describe, expectTypeOf, it } from 'vitest';
import type { SECRET_MASK } from '../mcp-servers/secret-mask.js';
import type { ModelProviderDto } from './model-providers-schemas.js';
import { ModelProvidersService, type ResolvedModel } from './model-providers-service.js';

type Service = typeof ModelProvidersService;
type FirstParams = { [K in keyof Service]: Parameters<Service[K]>[0] };

declare const engine: TestEngine;
declare const session: ExecSession;

describe('ModelProvidersService types', () => {
  it('takes an ExecSession first in every method', () => {
    expectTypeOf<FirstParams>().toEqualTypeOf<{ [K in keyof Service]: ExecSession }>();
  });

  it('refuses a legacy session', () => {
    // @ts-expect-error a LegacySession is not an ExecSession
    void ModelProvidersService.getModelProvider(SessionLocal(engine), 'id');
  });

  it('returns the key and headers only as the mask; only resolveModel hands out the row', () => {
    expectTypeOf(ModelProvidersService.getModelProvider(session, 'id')).resolves.toEqualTypeOf<ModelProviderDto>();
    expectTypeOf<ModelProviderDto['apiKey']>().toEqualTypeOf<typeof SECRET_MASK | null>();
    expectTypeOf<ModelProviderDto['headers']>().toEqualTypeOf<Record<string, typeof SECRET_MASK>>();
    expectTypeOf<ModelProviderDto>().not.toHaveProperty('credentials');
    expectTypeOf(ModelProvidersService.resolveModel(session, 'local/x')).resolves.toEqualTypeOf<ResolvedModel>();
    expectTypeOf<ResolvedModel['provider']>().toEqualTypeOf<ModelProvider>();
  });
});
