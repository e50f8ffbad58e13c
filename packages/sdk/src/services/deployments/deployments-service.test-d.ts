import type { ExecSession } from '@agent-studio/db/exec';
import type { TestEngine } from '@agent-studio/db/testing';
import { SessionLocal } from '@agent-studio/db/legacy';
import { describe, expectTypeOf, it } from 'vitest';
import type { DeploymentDto, RotatedApiKey } from './deployments-schemas.js';
import { DeploymentsService } from './deployments-service.js';

type Service = typeof DeploymentsService;
type FirstParams = { [K in keyof Service]: Parameters<Service[K]>[0] };

declare const engine: TestEngine;
declare const session: ExecSession;

describe('DeploymentsService types', () => {
  it('takes an ExecSession first in every method', () => {
    expectTypeOf<FirstParams>().toEqualTypeOf<{ [K in keyof Service]: ExecSession }>();
  });

  it('refuses a legacy session', () => {
    // @ts-expect-error a LegacySession is not an ExecSession
    void DeploymentsService.getDeployment(SessionLocal(engine), 'id');
    // @ts-expect-error a LegacySession is not an ExecSession
    void DeploymentsService.rotateApiKey(SessionLocal(engine), 'id');
  });

  it('returns DTOs, and the API key only from rotateApiKey', () => {
    expectTypeOf(DeploymentsService.getDeployment(session, 'id')).resolves.toEqualTypeOf<DeploymentDto>();
    expectTypeOf(DeploymentsService.rotateApiKey(session, 'id')).resolves.toEqualTypeOf<RotatedApiKey>();
    expectTypeOf<DeploymentDto>().not.toHaveProperty('apiKeyHash');
    expectTypeOf<DeploymentDto>().not.toHaveProperty('apiKey');
  });
});
