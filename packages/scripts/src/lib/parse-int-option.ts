/**
 * Commander argument parsers for numeric options.
 *
 * @module
 */
import { InvalidArgumentError } from 'commander';

/**
 * Parses a positive integer option value; anything else is commander's "invalid argument" error.
 *
 * @example
 * new Command().option('--concurrency <n>', 'probes at once', parsePositiveInt, 10);
 */
export function parsePositiveInt(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer.');
  return n;
}

/**
 * Parses a non-negative integer option value (0 allowed); anything else is commander's
 * "invalid argument" error.
 *
 * @example
 * new Command().option('--max <n>', 'budget', parseNonNegativeInt);
 */
export function parseNonNegativeInt(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a non-negative integer.');
  return n;
}
