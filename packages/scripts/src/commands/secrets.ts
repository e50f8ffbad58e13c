/**
 * `studio secrets rotate`: re-encrypt every stored secret under the current key.
 *
 * @module
 */
import type { Command } from 'commander';
import { CliError } from '../lib/cli-error.js';
import { err, out } from '../lib/output.js';

/**
 * Registers `secrets` with `rotate`: run it with the NEW key in `AGENT_STUDIO_SECRET_KEY` (or
 * `AGENT_STUDIO_SECRET_KEY_FILE`) and the previous key(s) in `AGENT_STUDIO_SECRET_KEYS_OLD`
 * (comma-separated). It re-encrypts every secret under the new key, prints one line per encrypted
 * column, and exits 1 when some value no configured key opens (those rows report `secretError`).
 * Idempotent; afterwards `AGENT_STUDIO_SECRET_KEYS_OLD` can be dropped.
 *
 * @example
 * registerSecrets(program);
 * // $ AGENT_STUDIO_SECRET_KEY=<new> AGENT_STUDIO_SECRET_KEYS_OLD=<old> pnpm studio secrets rotate
 */
export function registerSecrets(program: Command): void {
  const secrets = program.command('secrets').description('manage the encryption of stored secrets');
  secrets
    .command('rotate')
    .description('re-encrypt every stored secret under AGENT_STUDIO_SECRET_KEY (old keys in AGENT_STUDIO_SECRET_KEYS_OLD)')
    .action(async () => {
      const [{ withEngine }, { rotateSecrets }] = await Promise.all([import('../lib/with-engine.js'), import('@agent-studio/db/engine')]);
      const report = await withEngine((engine) => rotateSecrets(engine));
      for (const r of report) out(`${r.table}.${r.column}: ${r.rotated} re-encrypted, ${r.current} already current, ${r.unreadable} unreadable`);
      const unreadable = report.reduce((n, r) => n + r.unreadable, 0);
      if (unreadable > 0) {
        throw new CliError(`${unreadable} stored value(s) could not be decrypted with the configured keys; add the key they were written with to AGENT_STUDIO_SECRET_KEYS_OLD`);
      }
      err('every stored secret is encrypted under the current key');
    });
}
