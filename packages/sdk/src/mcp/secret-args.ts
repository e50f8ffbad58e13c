/**
 * Secret stdio arguments: an argument marked secret (by its index in `args`) is stored encrypted
 * (`argsSecret: { "<index>": value }`) and shown as the mask in `args`, like header and env values.
 *
 * @module
 */

/** The mask shown in place of a secret argument (the same as for header and env values). */
const MASK = '••••••';

/**
 * The arguments to show and the secret map to store for `args` with `secretArgs` marked secret.
 * Indexes out of range are ignored; duplicates count once.
 *
 * @example
 * splitSecretArgs(['--token', 'abc123456'], [1]);
 * // { shown: ['--token', '••••••'], secret: { '1': 'abc123456' } }
 */
export function splitSecretArgs(
  args: readonly string[],
  secretArgs: readonly number[] | undefined,
): { shown: string[]; secret: Record<string, string> } {
  const marked = new Set((secretArgs ?? []).filter((i) => Number.isInteger(i) && i >= 0 && i < args.length));
  const secret: Record<string, string> = {};
  const shown = args.map((value, i) => {
    if (!marked.has(i)) return value;
    secret[String(i)] = value;
    return MASK;
  });
  return { shown, secret };
}

/**
 * The indexes of the secret arguments of a saved server, ascending.
 *
 * @example
 * secretArgIndexes({ argsSecret: { '3': 'x', '1': 'y' } }); // [1, 3]
 */
export function secretArgIndexes(row: { readonly argsSecret?: Readonly<Record<string, string>> | null }): number[] {
  return Object.keys(row.argsSecret ?? {})
    .map(Number)
    .filter((i) => Number.isInteger(i) && i >= 0)
    .sort((a, b) => a - b);
}

/**
 * The arguments to run a saved server with: `args` with each secret one put back.
 *
 * @example
 * argsWithSecrets({ args: ['--token', '••••••'], argsSecret: { '1': 'abc123456' } }); // ['--token', 'abc123456']
 */
export function argsWithSecrets(row: {
  readonly args?: readonly string[] | null;
  readonly argsSecret?: Readonly<Record<string, string>> | null;
}): string[] {
  const secret = row.argsSecret ?? {};
  return (row.args ?? []).map((value, i) => secret[String(i)] ?? value);
}

/**
 * Merges an update of `args` / `secretArgs` with the saved ones. Where an incoming secret argument
 * is the mask, the saved secret value at the same index is kept (an issue when there is none).
 * `args` undefined keeps the saved arguments; `secretArgs` undefined keeps the saved marks (of the
 * indexes that still exist).
 *
 * @example
 * mergeSecretArgs({ args: ['--token', '••••••'], argsSecret: { '1': 'abc123456' } }, ['--token', '••••••', '-v'], undefined);
 * // { args: ['--token', 'abc123456', '-v'], secretArgs: [1], issues: [] }
 */
export function mergeSecretArgs(
  saved: { readonly args: readonly string[]; readonly argsSecret?: Readonly<Record<string, string>> | null },
  incoming: readonly string[] | undefined,
  incomingSecret: readonly number[] | undefined,
): { args: string[]; secretArgs: number[]; issues: { path: (string | number)[]; message: string }[] } {
  const savedSecret = saved.argsSecret ?? {};
  const issues: { path: (string | number)[]; message: string }[] = [];
  const length = (incoming ?? saved.args).length;
  for (const [i, index] of (incomingSecret ?? []).entries()) {
    if (index >= length) issues.push({ path: ['secretArgs', i], message: 'is not the index of an argument in args' });
  }
  if (incoming === undefined) {
    const marks = incomingSecret ?? secretArgIndexes(saved);
    return { args: argsWithSecrets(saved), secretArgs: marks.filter((i) => i < length), issues };
  }
  const marks = incomingSecret ?? secretArgIndexes(saved).filter((i) => i < length);
  const args = incoming.map((value, i) => {
    if (value !== MASK) return value;
    const kept = savedSecret[String(i)];
    if (kept !== undefined) return kept;
    issues.push({ path: ['args', i], message: 'is masked but has no saved secret value to keep; send the real value' });
    return value;
  });
  return { args, secretArgs: [...marks], issues };
}
