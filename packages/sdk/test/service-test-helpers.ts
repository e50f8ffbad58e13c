/**
 * Assertion helpers shared by the service tests (the database set-up itself is
 * `createTestEngine` from `@agent-studio/db/testing`).
 * @module
 */
import { expect } from 'vitest';
import { isValidationError, type SdkError } from '../src/errors/index.js';

/**
 * Awaits a promise that must reject and returns its error, so its fields can be asserted.
 *
 * @example
 * const e = await failure(run((s) => AgentsService.getAgent(s, id)));
 */
export async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error('expected the call to fail');
}

/**
 * The field paths of a `ValidationError` (and an assertion that it is one).
 *
 * @example
 * expect(paths(await failure(create({ name: '' })))).toEqual([['name']]);
 */
export function paths(error: unknown): (string | number)[][] {
  expect(isValidationError(error), String(error)).toBe(true);
  return (error as { issues: { path: (string | number)[] }[] }).issues.map((i) => [...i.path]);
}
