/**
 * The process-wide cap on concurrent stdio MCP server processes: a counting semaphore whose
 * waiters give up when their probe's deadline passes.
 *
 * @module
 */

let running = 0;
const waiting: { resolve: (release: () => void) => void; settled: boolean }[] = [];

/** How many stdio MCP processes are running now (for tests and status output). */
export function runningStdioProcesses(): number {
  return running;
}

/**
 * Waits for a free slot (at most `max` processes at once) and returns its release function
 * (idempotent). Rejects with `signal.reason` when `signal` aborts first.
 *
 * @example
 * const release = await acquireStdioSlot(policy.maxProcesses, deadline.signal);
 * try { await runServer(); } finally { release(); }
 */
export function acquireStdioSlot(max: number, signal: AbortSignal): Promise<() => void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  if (running < max) {
    running += 1;
    return Promise.resolve(releaser());
  }
  return new Promise((resolve, reject) => {
    const waiter = {
      settled: false,
      resolve: (release: () => void) => {
        waiter.settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve(release);
      },
    };
    const onAbort = (): void => {
      if (waiter.settled) return;
      waiter.settled = true;
      waiting.splice(waiting.indexOf(waiter), 1);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    waiting.push(waiter);
  });
}

function releaser(): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const next = waiting.shift();
    if (next) next.resolve(releaser()); // the slot passes straight to the next waiter
    else running -= 1;
  };
}
