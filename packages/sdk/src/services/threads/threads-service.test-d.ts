import type { ExecSession } from '@agent-studio/db/exec';
import type { Engine } from '@agent-studio/db/engine';
import { SessionLocal } from '@agent-studio/db/legacy';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { InvokeRunInput } from '../runs/runs-schemas.js';
import type { ThreadDto, threadSchema } from './threads-schemas.js';
import { ThreadsService } from './threads-service.js';

declare const engine: Engine;
type GetThread = typeof ThreadsService.getThread;

describe('ThreadsService types', () => {
  it('takes an ExecSession, a deployment id and a thread id; returns the DTO', () => {
    expectTypeOf<Parameters<GetThread>>().toEqualTypeOf<[session: ExecSession, deploymentId: string, threadId: string]>();
    expectTypeOf<Awaited<ReturnType<GetThread>>>().toEqualTypeOf<ThreadDto>();
    expectTypeOf<ThreadDto>().toEqualTypeOf<z.output<typeof threadSchema>>();
    // @ts-expect-error a LegacySession is not an ExecSession
    void ThreadsService.getThread(SessionLocal(engine), 'id', 'chat');
  });

  it('invoke takes an optional string threadId', () => {
    expectTypeOf<InvokeRunInput['threadId']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error a thread id is a string
    const bad: InvokeRunInput = { threadId: 7 };
    void bad;
  });
});
