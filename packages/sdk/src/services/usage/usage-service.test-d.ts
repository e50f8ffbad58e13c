import type { ExecSession } from '@agent-studio/db/exec';
import type { Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { UsageGroup, UsageQuery, UsageReport, usageReportSchema } from './usage-schemas.js';
import { UsageService } from './usage-service.js';

declare const engine: Engine;
declare const session: ExecSession;
type GetUsage = typeof UsageService.getUsage;

describe('UsageService types', () => {
  it('takes an ExecSession and a typed query, never a legacy session', () => {
    expectTypeOf<Parameters<GetUsage>>().toEqualTypeOf<[session: ExecSession, query?: UsageQuery]>();
    // @ts-expect-error a LegacySession is not an ExecSession
    void UsageService.getUsage(SessionLocal(engine), {});
    // @ts-expect-error groupBy names agent, deployment or day (a string list is parsed at run time)
    void UsageService.getUsage(session, { groupBy: 42 });
    // @ts-expect-error an unknown parameter
    void UsageService.getUsage(session, { limit: 5 });
  });

  it('returns the report typed by its schema', () => {
    expectTypeOf<Awaited<ReturnType<GetUsage>>>().toEqualTypeOf<UsageReport>();
    expectTypeOf<UsageReport>().toEqualTypeOf<z.output<typeof usageReportSchema>>();
    expectTypeOf<UsageReport['groupBy']>().toEqualTypeOf<UsageGroup[]>();
    expectTypeOf<UsageReport['totals']['totalTokens']>().toEqualTypeOf<number>();
  });
});
