import type { ExecSession } from '@agent-studio/db/exec';
import type { Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import type { RunStatus as DbRunStatus } from '@agent-studio/db/models';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Page } from '../../common/pagination.js';
import type { listRunsQuerySchema, recordRunInputSchema, RunDto, RunStatus, runSchema } from './runs-schemas.js';
import { RunsService } from './runs-service.js';

declare const engine: Engine;
declare const id: string;
declare const session: ExecSession;

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

  it('types its inputs by the input schemas: a misspelt key does not compile', () => {
    expectTypeOf<Parameters<Service['recordRun']>[1]>().toEqualTypeOf<z.input<typeof recordRunInputSchema>>();
    expectTypeOf<Parameters<Service['listRuns']>[1]>().toEqualTypeOf<z.input<typeof listRunsQuerySchema> | undefined>();
    void RunsService.listRuns(session, { deploymentId: id, skip: 20 });
    // @ts-expect-error `deploymentID` is not a filter of listRuns (it is `deploymentId`)
    void RunsService.listRuns(session, { deploymentID: id });
    // @ts-expect-error `agentID` is not a key of RecordRunInput
    void RunsService.recordRun(session, { agentID: id });
    // @ts-expect-error `stauts` is not a key of UpdateRunStatusInput (and `status` is required)
    void RunsService.updateRunStatus(session, id, { stauts: 'running' });
    // @ts-expect-error `limt` is not paging of listSteps
    void RunsService.listSteps(session, id, { limt: 10 });
  });

  it('has the same statuses as the database', () => {
    expectTypeOf<RunStatus>().toEqualTypeOf<DbRunStatus>();
  });
});
