import type { Engine } from '@agent-studio/db/engine';
import type { ExecSession } from '@agent-studio/db/exec';
import { SessionLocal, type LegacySession } from '@agent-studio/db/legacy';
import { AgentsService } from '@agent-studio/sdk';
import { describe, expectTypeOf, it } from 'vitest';
import type { RouteContext } from '../routes/route-spec.js';
import type { Response } from 'express';
import {
  isDeferredResult,
  withRequestSession,
  type AfterCommitContext,
  type HandlerContext,
  type HandlerResult,
  type StreamContext,
} from './request-session.js';

declare const engine: Engine;

describe('an API handler gets an ExecSession, never a LegacySession', () => {
  it('withRequestSession hands handlers an ExecSession', () => {
    expectTypeOf<HandlerContext['session']>().toEqualTypeOf<ExecSession>();
    expectTypeOf<RouteContext<unknown, unknown, unknown>['session']>().toEqualTypeOf<ExecSession>();
    expectTypeOf<HandlerContext['session']>().not.toEqualTypeOf<LegacySession>();
    withRequestSession(engine, async ({ session }) => ({ body: await AgentsService.getAgent(session, 'id') }));
  });

  it('a handler that reaches for the legacy factory cannot call an SDK service with it', () => {
    withRequestSession(engine, async () => {
      // @ts-expect-error Argument of type 'LegacySession' is not assignable to parameter of type 'ExecSession'
      return { body: await AgentsService.getAgent(SessionLocal(engine), 'id') };
    });
  });
});

describe('deferred results', () => {
  it('afterCommit answers with a reply; stream gets the response; neither gets the session', () => {
    withRequestSession(engine, () =>
      Promise.resolve({
        afterCommit: (ctx: AfterCommitContext) => {
          expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
          expectTypeOf(ctx).not.toHaveProperty('session');
          return Promise.resolve({ status: 200, body: { done: true } });
        },
      }),
    );
    withRequestSession(engine, () =>
      Promise.resolve({
        stream: (ctx: StreamContext) => {
          expectTypeOf(ctx.res).toEqualTypeOf<Response>();
          expectTypeOf(ctx).not.toHaveProperty('session');
          return Promise.resolve();
        },
      }),
    );
  });

  it('an afterCommit must resolve to a reply, not to another deferred result', () => {
    const nested: HandlerResult = {
      // @ts-expect-error a deferred result cannot defer again
      afterCommit: () => Promise.resolve({ afterCommit: () => Promise.resolve({}) }),
    };
    expectTypeOf(isDeferredResult(nested)).toEqualTypeOf<boolean>();
  });

  it('a handler gets an AbortSignal for the client going away', () => {
    expectTypeOf<HandlerContext['signal']>().toEqualTypeOf<AbortSignal>();
  });
});
