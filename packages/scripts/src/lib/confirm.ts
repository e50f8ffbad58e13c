/**
 * Confirmation of destructive commands: asked on a terminal, `--yes` required otherwise.
 *
 * @module
 */
import { createInterface } from 'node:readline/promises';
import { CliError, USAGE_EXIT_CODE } from './cli-error.js';

/** What a destructive command is about to do. */
export interface ConfirmRequest {
  /** Imperative, for the prompt and the refusal: `revert 10 migration(s)`. */
  readonly action: string;
  /** `--yes` was given: go ahead without asking. */
  readonly yes: boolean;
}

/**
 * Resolves when the operator agrees to `action`. With `--yes` at once; on a terminal (stdin and
 * stderr both TTYs) after asking `<action>? [y/N]` on stderr — anything but `y`/`yes` aborts
 * (exit 1); not on a terminal it refuses with a usage error (exit 2) naming `--yes`, so a script
 * never destroys data by accident.
 *
 * @example
 * await confirmDestructive({ action: 'revoke api key "ci"', yes: options.yes === true });
 */
export async function confirmDestructive(request: ConfirmRequest): Promise<void> {
  if (request.yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CliError(`refusing to ${request.action} without confirmation: not on a terminal; pass --yes to confirm`, USAGE_EXIT_CODE);
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`${request.action}? [y/N] `)).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') throw new CliError(`aborted: did not ${request.action}`);
  } finally {
    rl.close();
  }
}
