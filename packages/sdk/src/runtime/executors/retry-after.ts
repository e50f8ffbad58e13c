/**
 * Parsing an HTTP `Retry-After` header (RFC 9110 §10.2.3).
 *
 * @module
 */

/**
 * The wait a `Retry-After` value asks for, in milliseconds: delay-seconds (`"120"`) or an
 * HTTP date (`"Wed, 21 Oct 2015 07:28:00 GMT"`, measured from `now`; a past date is 0).
 * Anything else, or no header, is `undefined`.
 *
 * @example
 * parseRetryAfter('2');                                   // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')); // 60000
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds * 1_000 : undefined;
  }
  // An HTTP date always names a weekday and GMT; Date.parse alone accepts far too much.
  if (!/^[A-Za-z]{3},? .+ GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
