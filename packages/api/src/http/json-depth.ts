/**
 * Bounded nesting of JSON bodies, checked on the raw bytes before they are parsed (and long
 * before zod, whose recursion would overflow the stack on ~1,500 levels): one pass, no
 * recursion, so a 100,000-level body costs a loop, not a crash.
 * @module
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * The deepest nesting of objects and arrays in JSON text (strings skipped), stopping early once
 * it passes `stopAbove`. Malformed text is measured as far as it goes (the parser rejects it).
 *
 * @example
 * jsonNestingDepth(Buffer.from('{"a":[1,{"b":"[["}]}')); // 3
 */
export function jsonNestingDepth(text: Uint8Array, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return deepest;
}

/** The error a too-deep body raises; the error handler answers it with a 422. */
export class JsonTooDeepError extends Error {
  readonly type = 'entity.too.deep';
  constructor(readonly maxDepth: number) {
    super(`The JSON body is nested deeper than ${maxDepth} levels.`);
    this.name = 'JsonTooDeepError';
  }
}

/** Type guard for {@link JsonTooDeepError} (also after body-parser wrapped it). */
export function isJsonTooDeepError(value: unknown): value is { type: 'entity.too.deep'; maxDepth: number } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'entity.too.deep';
}

/**
 * A body-parser `verify` hook refusing bodies nested deeper than `maxDepth`.
 *
 * @example
 * express.json({ limit: '1mb', verify: jsonDepthGuard(64) });
 */
export function jsonDepthGuard(maxDepth: number): (req: unknown, res: unknown, body: Buffer) => void {
  return (_req, _res, body) => {
    if (jsonNestingDepth(body, maxDepth) > maxDepth) throw new JsonTooDeepError(maxDepth);
  };
}
