/**
 * Names of duplicated agents: `"<name> (copy)"`, then `"<name> (copy 2)"`, `"(copy 3)"`, ...
 *
 * @module
 */
import { MAX_AGENT_NAME_LENGTH } from './agents-schemas.js';

/** A trailing `" (copy)"` / `" (copy N)"`. */
const COPY_SUFFIX = / \(copy(?: \d+)?\)$/;
/** Room kept for the longest suffix a copy name gets (`" (copy 99999999)"`). */
const SUFFIX_ROOM = ' (copy 99999999)'.length;

/**
 * The name copies of `name` are numbered from: `name` without a trailing `" (copy)"` /
 * `" (copy N)"` (so a copy of a copy is `"x (copy 2)"`, not `"x (copy) (copy)"`), shortened so
 * every numbered copy name fits in {@link MAX_AGENT_NAME_LENGTH} characters.
 *
 * @example
 * copyBaseName('support (copy 2)'); // 'support'
 */
export function copyBaseName(name: string): string {
  return name.replace(COPY_SUFFIX, '').slice(0, MAX_AGENT_NAME_LENGTH - SUFFIX_ROOM);
}

/**
 * The `n`-th copy name of `base` (`n` ≥ 1).
 *
 * @example
 * copyName('support', 1); // 'support (copy)'
 * copyName('support', 3); // 'support (copy 3)'
 */
export function copyName(base: string, n: number): string {
  return n <= 1 ? `${base} (copy)` : `${base} (copy ${n})`;
}

/**
 * The first copy name of `base` not in `taken`.
 *
 * @example
 * firstFreeCopyName('support', new Set(['support (copy)'])); // 'support (copy 2)'
 */
export function firstFreeCopyName(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const candidate = copyName(base, n);
    if (!taken.has(candidate)) return candidate;
  }
}
