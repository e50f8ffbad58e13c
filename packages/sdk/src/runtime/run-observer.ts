/**
 * What the run engine tells an observer (metrics) as it works. Plain callbacks with closed label
 * sets — never a run id — so an observer can count without unbounded label values.
 *
 * @module
 */
import type { RunEnding } from './run-checkpoints.js';

/** The kind of a workflow step: a node's type, or an agent node's sub-step. */
export type StepKind = 'agent' | 'function' | 'condition' | 'model_call' | 'tool_call';

/** How one step attempt ended. `retrying`: it failed and will be tried again. */
export type StepOutcome = 'succeeded' | 'failed' | 'retrying' | 'cancelled';

/**
 * Callbacks of {@link RunObserver}; each optional, none may throw (a throw is ignored).
 *
 * @example
 * createRunWorker(db, { observer: { onRunFinished: ({ status }) => finished.inc({ status }) } });
 */
export interface RunObserver {
  /** A worker claimed a run: `pickUpLatencyMs` from its creation (first attempt) to the claim. */
  readonly onRunStarted?: (event: { readonly resumed: boolean; readonly pickUpLatencyMs: number | null }) => void;
  /** This worker ended a run (`durationMs` since it claimed it). */
  readonly onRunFinished?: (event: { readonly status: RunEnding['status']; readonly durationMs: number }) => void;
  /** This worker handed a run back to the queue (stopping) or recovered a lost worker's run. */
  readonly onRunRequeued?: (event: { readonly reason: 'handoff' | 'recovered' }) => void;
  /** A step attempt ended. */
  readonly onStepFinished?: (event: { readonly kind: StepKind; readonly outcome: StepOutcome; readonly durationMs: number }) => void;
  /** An agent's model call succeeded, with the tokens its provider reported (0 when none). */
  readonly onModelCall?: (event: { readonly provider: string; readonly inputTokens: number; readonly outputTokens: number }) => void;
}

/**
 * Calls `observer[event]` with `arg`, swallowing what it throws.
 *
 * @example
 * tell(observer, 'onRunFinished', { status: 'succeeded', durationMs: 12 });
 */
export function tell<K extends keyof RunObserver>(
  observer: RunObserver | undefined,
  event: K,
  arg: Parameters<NonNullable<RunObserver[K]>>[0],
): void {
  const fn = observer?.[event] as ((a: typeof arg) => void) | undefined;
  if (!fn) return;
  try {
    fn(arg);
  } catch {
    // an observer never breaks a run
  }
}
