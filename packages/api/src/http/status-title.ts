/**
 * The title of a problem: the reason phrase of its status, as RFC 9110 names it.
 * @module
 */
import { STATUS_CODES } from 'node:http';

/** Where RFC 9110 renamed a reason phrase Node still spells the RFC 7231 way. */
const RFC_9110_TITLES: Readonly<Record<number, string>> = { 413: 'Content Too Large', 422: 'Unprocessable Content' };

/**
 * The reason phrase of `status` (RFC 9110), or `Error` for a status without one.
 *
 * @example
 * statusTitle(422); // 'Unprocessable Content'
 */
export function statusTitle(status: number): string {
  return RFC_9110_TITLES[status] ?? STATUS_CODES[status] ?? 'Error';
}
