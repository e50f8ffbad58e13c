import { expectTypeOf, test } from 'vitest';
import type { Engine, PoolStats } from './engine.js';
import type { EngineObserver } from './engine-observer.js';

test('observe takes typed callbacks and returns its own remover', () => {
  expectTypeOf<Engine['observe']>().parameters.toEqualTypeOf<[EngineObserver]>();
  expectTypeOf<Engine['observe']>().returns.toEqualTypeOf<() => void>();
  expectTypeOf<NonNullable<EngineObserver['onAcquire']>>().parameters.toEqualTypeOf<[waitMs: number]>();
  expectTypeOf<NonNullable<EngineObserver['onStatementError']>>().parameters.toEqualTypeOf<[sqlstateClass: string]>();
  // @ts-expect-error an observer callback takes what the engine tells it, not anything
  const wrong: EngineObserver = { onAcquire: (_ms: string) => undefined };
  void wrong;
  expectTypeOf<PoolStats>().toHaveProperty('idle').toEqualTypeOf<number>();
});
