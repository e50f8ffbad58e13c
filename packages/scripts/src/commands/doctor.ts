/**
 * `studio doctor`: is this set-up healthy? One line per check, ok / warn / fail.
 *
 * @module
 */
import type { Command } from 'commander';
import { colorsFor } from '../lib/colors.js';
import { emit, out } from '../lib/output.js';

/**
 * Registers `doctor`: checks the configuration, the secret key (present, from which source, able
 * to decrypt the stored secrets), the database (kind, URL without password, server version), its
 * migrations, the MCP health monitor, the run workers and the outbound policy. Prints one line per
 * check (`ok`, `warn`, `fail`); exits 1 when any check fails, else 0. `--json`:
 * `{ ok, results: [{ check, status, message }] }`.
 *
 * @example
 * registerDoctor(program);
 * // $ pnpm studio doctor
 */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the set-up: configuration, database, migrations, secret key, monitor, workers, outbound policy')
    .action(async () => {
      const { runDoctor } = await import('../doctor/run-doctor.js');
      const results = await runDoctor(process.env);
      const ok = !results.some((r) => r.status === 'fail');
      emit({ ok, results }, () => {
        const c = colorsFor(process.stdout);
        const paint = { ok: c.green, warn: c.yellow, fail: c.red } as const;
        const width = Math.max(...results.map((r) => r.check.length));
        for (const r of results) out(`${paint[r.status](r.status.padEnd(4))}  ${r.check.padEnd(width)}  ${r.message}`);
        const count = (s: string): number => results.filter((r) => r.status === s).length;
        out(`doctor: ${count('ok')} ok, ${count('warn')} warning(s), ${count('fail')} failure(s)`);
      });
      if (!ok) process.exitCode = 1;
    });
}
