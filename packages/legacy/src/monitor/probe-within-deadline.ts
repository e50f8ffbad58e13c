/**
 * One probe under a hard deadline.
 *
 * @module
 */
import { probeMcpServer, type McpProbeConfig, type McpProbeResult } from '@agent-studio/sdk/mcp';

/**
 * Runs `probeMcpServer` with `deadlineMs` and `signal`, and guarantees an answer shortly after
 * the deadline even if the probe's own clean-up dawdles: after `deadlineMs` plus a small grace
 * (a quarter of the deadline, at most 1 s) it aborts the probe and answers `timeout`. Never
 * throws.
 *
 * @example
 * const result = await probeWithinDeadline(config, 5_000, stopSignal);
 */
export async function probeWithinDeadline(
  config: McpProbeConfig,
  deadlineMs: number,
  signal: AbortSignal,
): Promise<McpProbeResult> {
  const startedAt = performance.now();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const graceMs = Math.min(1_000, Math.max(50, Math.floor(deadlineMs / 4)));
  const hardDeadline = new Promise<McpProbeResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('deadline'));
      resolve({
        ok: false,
        latencyMs: Math.round(performance.now() - startedAt),
        error: { kind: 'timeout', message: `no result within the ${deadlineMs} ms deadline` },
      });
    }, deadlineMs + graceMs);
  });
  try {
    return await Promise.race([
      probeMcpServer(config, { deadlineMs, signal: controller.signal }).catch(
        (e: unknown): McpProbeResult => ({
          ok: false,
          latencyMs: Math.round(performance.now() - startedAt),
          error: { kind: 'unknown', message: `probe failed: ${e instanceof Error ? e.name : 'error'}` },
        }),
      ),
      hardDeadline,
    ]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
