import type { ExecSession } from '@agent-studio/db/exec';
import type { Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import type { RunStatus as DbRunStatus } from '@agent-studio/db/models';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Page } from '../../common/pagination.js';
import type { RunDto, RunStatus, runSchema } from './runs-schemas.js';
import { RunsService } from './runs-service.js';

declare const engine: Engine;
declare const id: string;

type Service = typeof RunsService;
type FirstParams = { [K in keyof Service]: Parameters<Service[K]>[0] };

describe('RunsService types', () => {
  it('takes an ExecSession as the first parameter of every method', () => {
    expectTypeOf<FirstParams>().toEqualTypeOf<{ [K in keyof Service]: ExecSession }>();
  });

  it('refuses a legacy session at compile time', () => {
    // @ts-expect-error a LegacySession is not an ExecSession
    void RunsService.getRun(SessionLocal(engine), id);
    // @ts-expect-error a LegacySession is not an ExecSession
    void RunsService.recordRun(SessionLocal(engine), { agentId: id });
  });

  it('returns DTOs typed by the output schemas', () => {
    expectTypeOf<RunDto>().toEqualTypeOf<z.output<typeof runSchema>>();
    expectTypeOf<Awaited<ReturnType<Service['getRun']>>>().toEqualTypeOf<RunDto>();
    expectTypeOf<Awaited<ReturnType<Service['recordRun']>>>().toEqualTypeOf<RunDto>();
    expectTypeOf<Awaited<ReturnType<Service['updateRunStatus']>>>().toEqualTypeOf<RunDto>();
    expectTypeOf<Awaited<ReturnType<Service['listRuns']>>>().toEqualTypeOf<Page<RunDto>>();
    expectTypeOf<RunDto['startedAt']>().toEqualTypeOf<string | null>();
  });

  it('has the same statuses as the database', () => {
    expectTypeOf<RunStatus>().toEqualTypeOf<DbRunStatus>();
  });
});
