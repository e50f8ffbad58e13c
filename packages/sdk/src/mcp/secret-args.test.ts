import { describe, expect, it } from 'vitest';
import { argsWithSecrets, mergeSecretArgs, secretArgIndexes, splitSecretArgs } from './secret-args.js';
import { createSecretScrubber } from './secret-scrubber.js';

const MASK = '••••••';

describe('secret stdio args', () => {
  it('split into shown args (mask at each secret index) and a secret map, and back', () => {
    const split = splitSecretArgs(['server.js', '--token', 'ARG-SECRET-1234'], [2, 2, 9]);
    expect(split).toEqual({ shown: ['server.js', '--token', MASK], secret: { '2': 'ARG-SECRET-1234' } });
    const row = { args: split.shown, argsSecret: split.secret };
    expect(argsWithSecrets(row)).toEqual(['server.js', '--token', 'ARG-SECRET-1234']);
    expect(secretArgIndexes(row)).toEqual([2]);
  });

  it('merge an update: the mask at a secret index keeps the saved value; a mask with nothing saved is an issue', () => {
    const saved = { args: ['s.js', MASK], argsSecret: { '1': 'KEEP-ME-12345' } };
    expect(mergeSecretArgs(saved, ['s.js', MASK, '-v'], undefined)).toEqual({ args: ['s.js', 'KEEP-ME-12345', '-v'], secretArgs: [1], issues: [] });
    expect(mergeSecretArgs(saved, undefined, undefined)).toEqual({ args: ['s.js', 'KEEP-ME-12345'], secretArgs: [1], issues: [] });
    expect(mergeSecretArgs(saved, ['s.js'], undefined)).toEqual({ args: ['s.js'], secretArgs: [], issues: [] });
    expect(mergeSecretArgs(saved, [MASK, MASK], [0, 1]).issues.map((i) => i.path)).toEqual([['args', 0]]);
    expect(mergeSecretArgs(saved, undefined, [5]).issues.map((i) => i.path)).toEqual([['secretArgs', 0]]);
  });

  it('are scrubbed from error text; other args are not', () => {
    const scrub = createSecretScrubber({ transport: 'stdio', command: 'node', args: ['server.js', 'ARG-SECRET-1234'], secretArgs: [1] });
    expect(scrub('failed: node server.js ARG-SECRET-1234')).toBe('failed: node server.js ***');
  });
});
