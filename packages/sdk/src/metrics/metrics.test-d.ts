import type { Engine } from '@agent-studio/db/engine';
import { expectTypeOf, test } from 'vitest';
import type { RunObserver, StepKind } from '../runtime/run-observer.js';
import type { RunWorkerOptions } from '../runtime/run-worker.js';
import { createMonitorMetrics, createRunMetrics, registerEngineMetrics, type ObservableEngine } from '../metrics.js';

test('the db engine is an ObservableEngine; the run metrics are a worker observer', () => {
  expectTypeOf<Engine>().toExtend<ObservableEngine>();
  expectTypeOf(registerEngineMetrics).returns.toEqualTypeOf<() => void>();
  expectTypeOf(createRunMetrics).returns.toEqualTypeOf<RunObserver>();
  expectTypeOf<RunObserver>().toExtend<NonNullable<RunWorkerOptions['observer']>>();
  expectTypeOf<StepKind>().toEqualTypeOf<'agent' | 'function' | 'condition' | 'model_call' | 'tool_call'>();
  // labels are closed sets: a step outcome outside them does not compile
  const observer: RunObserver = {};
  // @ts-expect-error 'exploded' is not a step outcome
  observer.onStepFinished?.({ kind: 'function', outcome: 'exploded', durationMs: 1 });
  expectTypeOf(createMonitorMetrics).returns.toHaveProperty('onCheck');
});
