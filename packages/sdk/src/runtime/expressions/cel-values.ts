/**
 * Conversions between the JSON of a run state and CEL values: JSON integers become CEL `int`
 * (so `input.count + 1` works; other numbers are `double`), and what an expression gives back
 * becomes JSON again.
 *
 * @module
 */
import type { JsonValue } from '@agent-studio/db/models';

/** Converted objects and arrays, so one run state is converted once however many expressions read it. */
const converted = new WeakMap<object, unknown>();

/**
 * The CEL view of a JSON value: safe integers as `bigint` (CEL `int`), everything else as is.
 * Objects keep only their own keys (a key `__proto__` stays an ordinary key).
 *
 * @example
 * toCelValue({ count: 2, ratio: 0.5 }); // { count: 2n, ratio: 0.5 }
 */
export function toCelValue(value: JsonValue): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (value === null || typeof value !== 'object') return value;
  const cached = converted.get(value);
  if (cached !== undefined) return cached;
  const out = Array.isArray(value)
    ? value.map(toCelValue)
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toCelValue(item)]));
  converted.set(value, out);
  return out;
}

/**
 * Why a CEL value has no JSON form (e.g. `1.0/0.0`), thrown by {@link fromCelValue}.
 *
 * @example
 * try { fromCelValue(Infinity); } catch (e) { if (e instanceof NotJsonError) console.log(e.message); }
 */
export class NotJsonError extends Error {
  override readonly name = 'NotJsonError';
}

/**
 * The JSON form of a CEL value: `int`/`uint` → number (outside ±2^53 it is an error),
 * `bytes` → base64, `timestamp` → ISO 8601 string, `duration` and other typed values → their
 * string form, maps → objects, lists → arrays. NaN and ±Infinity have no JSON form.
 *
 * @example
 * fromCelValue([2n, 'x', new Date(0)]); // [2, 'x', '1970-01-01T00:00:00.000Z']
 */
export function fromCelValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(`${value} is not a JSON number`);
      return value;
    case 'bigint':
      return bigintToNumber(value);
    case 'object':
      return objectToJson(value);
    default:
      throw new NotJsonError(`a ${typeof value} has no JSON form`);
  }
}

function bigintToNumber(value: bigint): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new NotJsonError(`${value} is outside the integers JSON numbers hold exactly`);
  return number;
}

function objectToJson(value: object): JsonValue {
  if (Array.isArray(value)) return value.map(fromCelValue);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Map) {
    return Object.fromEntries([...(value as Map<unknown, unknown>)].map(([key, item]) => [String(key), fromCelValue(item)]));
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === Object.prototype || prototype === null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromCelValue(item)]));
  }
  const inner = (value as { value?: unknown }).value;
  if (typeof inner === 'bigint' || typeof inner === 'number') return fromCelValue(inner); // a CEL uint
  // Other typed values (a duration, a type) have a string form of their own.
  return (value as { toString(): string }).toString();
}
