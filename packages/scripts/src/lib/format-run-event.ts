/**
 * One progress line per run event, for `studio run --follow`.
 *
 * @module
 */
import type { RunEventDto } from '@agent-studio/sdk';
import { oneLine } from './one-line.js';

const MAX_DATA = 200;

/**
 * `HH:MM:SS.mmm <type> <step key> <data>`: the event's time, type, step (when it has one) and
 * its data as compact JSON (cut at 200 characters; nothing when empty).
 *
 * @example
 * formatRunEvent({ id: '7', runId, type: 'step.succeeded', stepKey: 'fetch', data: { ms: 12 }, createdAt: '2026-12-01T10:00:01.123Z' });
 * // '10:00:01.123 step.succeeded  fetch {"ms":12}'
 */
export function formatRunEvent(event: RunEventDto): string {
  const time = event.createdAt.slice(11, 23);
  const json = event.data === null || (typeof event.data === 'object' && !Array.isArray(event.data) && !Object.keys(event.data).length)
    ? ''
    : oneLine(JSON.stringify(event.data));
  const data = json.length > MAX_DATA ? `${json.slice(0, MAX_DATA - 1)}…` : json;
  return [time, event.type.padEnd(14), event.stepKey ?? '', data].filter(Boolean).join(' ').trimEnd();
}
