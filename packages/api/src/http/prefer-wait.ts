/**
 * The `wait` preference of RFC 7240 (`Prefer: wait=10`, possibly among others such as
 * `respond-async, wait=10`): how many seconds the client will wait for a synchronous answer.
 *
 * @module
 */
import type { Request } from 'express';

/** The most a request may wait for a run (seconds). */
export const MAX_WAIT_SECONDS = 60;

/**
 * The seconds of `Prefer: wait=N` (capped at {@link MAX_WAIT_SECONDS}), or undefined when the
 * request asks no wait (a malformed value is ignored, as RFC 7240 says of unknown preferences).
 *
 * @example
 * preferredWaitSeconds(req); // 10 for "Prefer: respond-async, wait=10"
 */
export function preferredWaitSeconds(req: Request): number | undefined {
  const header = req.get('prefer');
  if (!header) return undefined;
  // preferences are comma-separated; each is token[=value] followed by ;parameters
  for (const preference of header.split(',')) {
    const match = /^\s*wait\s*=\s*"?(\d{1,9})"?\s*(?:;.*)?$/i.exec(preference);
    if (match) return Math.min(Number(match[1]), MAX_WAIT_SECONDS);
  }
  return undefined;
}
