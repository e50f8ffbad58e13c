/**
 * `ILIKE` patterns for the `search` filters of list queries: the term matches literally, even
 * when it contains `%`, `_` or `\`.
 *
 * @module
 */

/**
 * Escapes the `LIKE` wildcards (`%`, `_`) and the escape character (`\`) in `term`.
 *
 * @example
 * escapeLike('50%_off'); // '50\\%\\_off'
 */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A pattern matching any value that contains `term` (case-insensitively with `ilike`).
 *
 * @example
 * select(Agent).where({ name: { ilike: likeContains('bot') } }); // name ILIKE '%bot%'
 */
export function likeContains(term: string): string {
  return `%${escapeLike(term)}%`;
}
