/**
 * Escaping for text and attribute values written into SVG (XML): node ids and names are user
 * input.
 *
 * @module
 */

/**
 * Escapes `&`, `<`, `>`, `"` and `'`.
 *
 * @example
 * escapeXml('<script>'); // '&lt;script&gt;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
