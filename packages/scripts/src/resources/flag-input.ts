/**
 * Turning `create` flags into input fields.
 *
 * @module
 */
import { CliError, USAGE_EXIT_CODE } from '../lib/cli-error.js';
import type { CreateFlag } from './resource-spec.js';

function usage(message: string): CliError {
  return new CliError(message, USAGE_EXIT_CODE);
}

/**
 * The value of one flag as its field wants it: numbers, booleans, JSON, lists and
 * `key=value` maps. Malformed text is a usage error (exit 2) naming the flag.
 *
 * @example
 * flagValue({ flags: '--header <kv...>', field: 'headers', value: 'map', description: '' }, ['Authorization=Bearer x']);
 * // { Authorization: 'Bearer x' }
 */
export function flagValue(flag: CreateFlag, raw: unknown): unknown {
  const name = flag.flags.split(/[ ,]/).find((part) => part.startsWith('--')) ?? flag.flags;
  switch (flag.value ?? 'string') {
    case 'boolean':
      return !flag.negate;
    case 'number': {
      const n = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n)) throw usage(`${name} must be a number, got "${String(raw)}"`);
      return n;
    }
    case 'json':
      try {
        return JSON.parse(String(raw)) as unknown;
      } catch {
        throw usage(`${name} must be JSON, got "${String(raw)}"`);
      }
    case 'list':
      return Array.isArray(raw) ? raw.map(String) : [String(raw)];
    case 'map': {
      const pairs = Array.isArray(raw) ? raw.map(String) : [String(raw)];
      const map: Record<string, string> = {};
      for (const pair of pairs) {
        const at = pair.indexOf('=');
        if (at <= 0) throw usage(`${name} takes key=value, got "${pair.includes('=') ? pair : pair.replace(/./g, '*')}"`);
        map[pair.slice(0, at)] = pair.slice(at + 1);
      }
      return map;
    }
    default:
      return String(raw);
  }
}

/**
 * Sets `value` at a dotted `path` (`config.url`) in `target`, creating objects on the way.
 *
 * @example
 * const input = {}; setField(input, 'config.url', 'https://x.test'); // { config: { url: 'https://x.test' } }
 */
export function setField(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1)!] = value;
}
