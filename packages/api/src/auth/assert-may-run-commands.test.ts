import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/http-problem.js';
import { assertMayRunCommands, callerOf } from './assert-may-run-commands.js';

function requestWith(locals: Record<string, unknown>): Request {
  return { res: { locals } } as unknown as Request;
}

describe('assertMayRunCommands', () => {
  it('lets admin keys (and keys without scopes, all of them admin so far) run commands', () => {
    expect(() => assertMayRunCommands(callerOf(requestWith({ apiKeyId: 'k1' })))).not.toThrow();
    expect(() => assertMayRunCommands(callerOf(requestWith({ apiKeyId: 'k1', apiKeyScopes: ['admin'] })))).not.toThrow();
  });

  it('refuses any other key with a 403 problem', () => {
    for (const scopes of [['read'], ['deployment'], []]) {
      let error: unknown;
      try {
        assertMayRunCommands(callerOf(requestWith({ apiKeyId: 'k2', apiKeyScopes: scopes })));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HttpProblem);
      expect((error as HttpProblem).status).toBe(403);
    }
  });
});
