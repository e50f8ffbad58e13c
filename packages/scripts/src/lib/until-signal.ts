/**
 * Waiting for SIGTERM or SIGINT in a long-running command.
 *
 * @module
 */

/**
 * Resolves with the first SIGTERM or SIGINT; a second one while the command stops exits 1 at
 * once.
 *
 * @example
 * const signal = await untilSignal();
 * await worker.stop();
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(1));
      process.once('SIGTERM', () => process.exit(1));
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
