/**
 * One deadline for a whole probe: an abort signal for the SDK's per-request `signal`, the time
 * left for its per-request `timeout`, and a race for the steps the SDK cannot cancel itself
 * (opening an SSE stream, spawning a process).
 *
 * @module
 */
import { raceAbort } from '../common/race-abort.js';

/**
 * The reason a deadline's signal carries when the time is up.
 *
 * @example
 * if (error instanceof ProbeDeadlineExceeded) console.log('timed out');
 */
export class ProbeDeadlineExceeded extends Error {
  override readonly name = 'ProbeDeadlineExceeded';
  constructor(readonly deadlineMs: number) {
    super(`no answer within the ${deadlineMs} ms deadline`);
  }
}

/**
 * The reason a deadline's signal carries when the caller's own signal aborted the probe.
 *
 * @example
 * if (error instanceof ProbeCancelled) console.log('probe cancelled');
 */
export class ProbeCancelled extends Error {
  override readonly name = 'ProbeCancelled';
  constructor() {
    super('the probe was cancelled');
  }
}

/**
 * A running deadline. Always `dispose()` it.
 *
 * @example
 * const deadline = startDeadline(5_000);
 * try { await deadline.race(client.connect(transport, deadline.requestOptions())); } finally { deadline.dispose(); }
 */
export interface ProbeDeadline {
  /** Aborts when the deadline passes or the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** True once the deadline itself (not the caller) aborted the probe. */
  readonly timedOut: boolean;
  /** True once the caller's signal aborted the probe. */
  readonly cancelled: boolean;
  /** Milliseconds left (at least 1). */
  remaining(): number;
  /** `{ signal, timeout }` for one SDK request, bounded by the time left (and by `capMs`). */
  requestOptions(capMs?: number): { signal: AbortSignal; timeout: number };
  /** Settles like `promise`, or rejects with the abort reason as soon as the deadline aborts. */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Clears the timer and detaches from the caller's signal. */
  dispose(): void;
}

/**
 * Starts a deadline of `deadlineMs`, optionally tied to the caller's `outer` signal.
 *
 * @example
 * const deadline = startDeadline(2_000, shutdownController.signal);
 */
export function startDeadline(deadlineMs: number, outer?: AbortSignal): ProbeDeadline {
  const controller = new AbortController();
  const endsAt = performance.now() + deadlineMs;
  let timedOut = false;
  let cancelled = false;

  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new ProbeDeadlineExceeded(deadlineMs));
  }, deadlineMs);
  const onOuterAbort = (): void => {
    if (controller.signal.aborted) return;
    cancelled = true;
    controller.abort(new ProbeCancelled());
  };
  if (outer?.aborted) onOuterAbort();
  else outer?.addEventListener('abort', onOuterAbort, { once: true });

  const remaining = (): number => Math.max(1, Math.ceil(endsAt - performance.now()));

  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    get cancelled() {
      return cancelled;
    },
    remaining,
    requestOptions(capMs?: number) {
      const left = remaining();
      return { signal: controller.signal, timeout: capMs === undefined ? left : Math.max(1, Math.min(left, capMs)) };
    },
    race<T>(promise: Promise<T>): Promise<T> {
      return raceAbort(promise, controller.signal);
    },
    dispose() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}
