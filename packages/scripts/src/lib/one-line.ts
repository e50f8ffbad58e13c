/**
 * Making a message fit on one line.
 *
 * @module
 */

/**
 * Collapses whitespace (line breaks included) so an error is always one line.
 *
 * @example
 * oneLine('a\n  b'); // 'a b'
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
