import { describe, expect, it } from 'vitest';
import { HttpProblem, toProblemDocument } from './http-problem.js';
import { statusTitle } from './status-title.js';

describe('statusTitle', () => {
  it('names a status as RFC 9110 does, where Node still says Payload Too Large / Unprocessable Entity', () => {
    expect([400, 412, 413, 422, 429, 503].map(statusTitle)).toEqual([
      'Bad Request',
      'Precondition Failed',
      'Content Too Large',
      'Unprocessable Content',
      'Too Many Requests',
      'Service Unavailable',
    ]);
    expect(statusTitle(599)).toBe('Error');
  });

  it('titles and types a problem by its status', () => {
    const doc = toProblemDocument(new HttpProblem(422, 'bad', { extras: { errors: [] } }));
    expect(doc).toEqual({ type: 'https://agent-studio.dev/problems/unprocessable-content', title: 'Unprocessable Content', status: 422, detail: 'bad', errors: [] });
  });
});
