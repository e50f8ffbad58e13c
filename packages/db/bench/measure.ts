/**
 * The timing loop: run one operation from N concurrent workers for a fixed time.
 *
 * @module
 */

/** One timed run of one contender. */
export interface Sample {
  /** Operations completed. */
  readonly ops: number;
  /** Wall-clock seconds from the first start to the last completion. */
  readonly seconds: number;
  /** Operations per second. */
  readonly opsPerSec: number;
  /** Each operation's latency in milliseconds. */
  readonly latenciesMs: Float64Array;
  /** This process's CPU time (user + system) per operation, in microseconds: the client-side cost. */
  readonly cpuMicrosPerOp: number;
}

/** One benchmark operation; `n` is a run-wide counter for picking its key or page. */
export type Operation = (n: number) => Promise<void>;

/**
 * Runs `op` from `concurrency` workers until `seconds` have passed (operations in flight finish),
 * recording each latency and this process's CPU time. A failing operation fails the run.
 *
 * @example
 * const sample = await measure((n) => pool.query('SELECT $1::int', [n]).then(() => undefined), 10, 3);
 */
export async function measure(op: Operation, concurrency: number, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  let next = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1_000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await op(next++);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1_000;
  const cpu = process.cpuUsage(cpuStart);
  return {
    ops: latencies.length,
    seconds: elapsed,
    opsPerSec: latencies.length / elapsed,
    latenciesMs: Float64Array.from(latencies),
    cpuMicrosPerOp: (cpu.user + cpu.system) / latencies.length,
  };
}
