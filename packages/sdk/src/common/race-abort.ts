/**
 * Racing a promise against an abort signal, for work that cannot be cancelled itself.
 *
 * @module
 */

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts (also
 * when it already has). The losing promise is still observed, so its later rejection is never
 * unhandled. Non-Error rejections become Errors.
 *
 * @example
 * const value = await raceAbort(client.connect(transport), deadline.signal);
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(asError(signal.reason));
    if (signal.aborted) {
      onAbort();
      promise.catch(() => undefined);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(asError(error));
      },
    );
  });
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
