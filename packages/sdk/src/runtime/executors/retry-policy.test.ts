import type { JsonValue } from '@agent-studio/db/models';
import { describe, expect, it } from 'vitest';
import { isStepError } from './step-error.js';
import { NO_RETRY, parseRetryPolicy, retryDelayMs, shouldRetry } from './retry-policy.js';

describe('parseRetryPolicy', () => {
  it('defaults to no retry', () => {
    expect(parseRetryPolicy(undefined)).toEqual(NO_RETRY);
    expect(parseRetryPolicy(null)).toEqual({ count: 0, baseMs: 500, maxMs: 30_000 });
  });

  it('reads a count or an object, filling defaults', () => {
    expect(parseRetryPolicy(3)).toEqual({ count: 3, baseMs: 500, maxMs: 30_000 });
    expect(parseRetryPolicy({ count: 2, baseMs: 100 })).toEqual({ count: 2, baseMs: 100, maxMs: 30_000 });
    expect(parseRetryPolicy({ count: 1, baseMs: 1_000, maxMs: 200 })).toEqual({ count: 1, baseMs: 1_000, maxMs: 1_000 });
  });

  it.each<JsonValue>([11, -1, 1.5, 'three', { count: 20 }, { tries: 2 }, [1]])('rejects %j as invalid_input', (retry) => {
    let caught: unknown;
    try {
      parseRetryPolicy(retry);
    } catch (error) {
      caught = error;
    }
    expect(isStepError(caught) && caught.code).toBe('invalid_input');
    expect(String((caught as Error).message)).toMatch(/^invalid retry policy: retry/);
  });
});

describe('shouldRetry', () => {
  const policy = { count: 2, baseMs: 100, maxMs: 1_000 };
  it('retries retryable errors up to count', () => {
    expect(shouldRetry(1, policy, { retryable: true })).toBe(true);
    expect(shouldRetry(2, policy, { retryable: true })).toBe(true);
    expect(shouldRetry(3, policy, { retryable: true })).toBe(false);
    expect(shouldRetry(1, policy, { retryable: false })).toBe(false);
    expect(shouldRetry(1, NO_RETRY, { retryable: true })).toBe(false);
  });
});

describe('retryDelayMs', () => {
  const policy = { count: 10, baseMs: 100, maxMs: 1_000 };

  it('draws uniformly below an exponentially growing ceiling (full jitter)', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(0);
    expect(retryDelayMs(1, policy, undefined, () => 0.999_999)).toBe(100);
    expect(retryDelayMs(2, policy, undefined, () => 0.999_999)).toBe(200);
    expect(retryDelayMs(3, policy, undefined, () => 0.5)).toBe(200);
    expect(retryDelayMs(4, policy, undefined, () => 0.999_999)).toBe(800);
  });

  it('never exceeds maxMs, however many attempts', () => {
    expect(retryDelayMs(5, policy, undefined, () => 0.999_999)).toBe(1_000);
    expect(retryDelayMs(1_000, policy, undefined, () => 0.999_999)).toBe(1_000);
  });

  it('waits at least Retry-After, capped at maxMs', () => {
    expect(retryDelayMs(1, policy, { retryAfterMs: 700 }, () => 0)).toBe(700);
    expect(retryDelayMs(1, policy, { retryAfterMs: 60_000 }, () => 0)).toBe(1_000);
    expect(retryDelayMs(4, policy, { retryAfterMs: 10 }, () => 0.999_999)).toBe(800);
  });

  it('stays within bounds with the real random source', () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = retryDelayMs(3, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });
});
