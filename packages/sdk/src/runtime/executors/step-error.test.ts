import { describe, expect, it } from 'vitest';
import { compileCondition } from '../expressions/condition.js';
import { isStepError, StepError, toStepError } from './step-error.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('StepError', () => {
  it('defaults retryable by code and serializes without stack or cause', () => {
    expect(new StepError('timeout', 't').retryable).toBe(true);
    expect(new StepError('refused', 'r').retryable).toBe(true);
    expect(new StepError('rate_limited', 'r').retryable).toBe(true);
    expect(new StepError('tool_error', 'x').retryable).toBe(false);
    expect(new StepError('http_status', 'x').retryable).toBe(false);
    const error = new StepError('rate_limited', 'HTTP 429', { status: 429, retryAfterMs: 2_000, cause: new Error('secret') });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'rate_limited', message: 'HTTP 429', retryable: true, status: 429, retryAfterMs: 2_000 });
    expect(error.toJSON()).not.toHaveProperty('cause');
  });

  it('is recognised by isStepError, nothing else is', () => {
    expect(isStepError(new StepError('internal', 'x'))).toBe(true);
    expect(isStepError(new Error('x'))).toBe(false);
    expect(isStepError({ code: 'timeout' })).toBe(false);
    expect(isStepError(null)).toBe(false);
  });
});

describe('toStepError', () => {
  const socketError = (code: string, secret = 'Bearer sk-live-123456'): Error =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 10.0.0.1:5432 ${secret}`), { code }) });

  it('classifies refused connections with a fixed message (no code, no address, no secret)', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'UND_ERR_SOCKET']) {
      const error = toStepError(socketError(code));
      expect(error.code).toBe('refused');
      expect(error.retryable).toBe(true);
      expect(error.message).toBe('could not reach the server');
    }
  });

  it('classifies undici and socket timeouts', () => {
    for (const code of ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']) {
      expect(toStepError(socketError(code)).code).toBe('timeout');
    }
    expect(toStepError(new DOMException('x', 'TimeoutError')).code).toBe('timeout');
  });

  it('finds codes inside an AggregateError (multi-address connect)', () => {
    const error = new TypeError('fetch failed', { cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]) });
    expect(toStepError(error).code).toBe('refused');
  });

  it('an aborted signal wins: cancelled, or timeout when the reason is a TimeoutError', () => {
    const cancelled = new AbortController();
    cancelled.abort();
    expect(toStepError(new Error('whatever'), cancelled.signal).code).toBe('cancelled');
    expect(toStepError(new StepError('cancelled', 'x'), AbortSignal.abort(new DOMException('t', 'TimeoutError'))).code).toBe('timeout');
    const reason = new StepError('timeout', 'no answer within the 50 ms step timeout');
    expect(toStepError(new Error('aborted'), AbortSignal.abort(reason))).toBe(reason);
    // a more specific StepError is kept
    expect(toStepError(new StepError('too_large', 'big'), cancelled.signal).code).toBe('too_large');
  });

  it('maps AbortError to cancelled, ExpressionError to invalid_input, the rest to internal without its text', () => {
    expect(toStepError(new DOMException('x', 'AbortError')).code).toBe('cancelled');
    const expression = toStepError(thrown(() => compileCondition('1 +')));
    expect(expression.code).toBe('invalid_input');
    expect(expression.message).toMatch(/at character 4/);
    const internal = toStepError(new Error('password=hunter2'));
    expect(internal.code).toBe('internal');
    expect(internal.message).not.toContain('hunter2');
    expect(toStepError('a string').code).toBe('internal');
  });

  it('returns a StepError as is', () => {
    const error = new StepError('blocked', 'no');
    expect(toStepError(error)).toBe(error);
  });
});
