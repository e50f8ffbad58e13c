/**
 * Running the CLI: parse, run, and turn every failure into one line and an exit code.
 *
 * @module
 */
import { CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { createProgram } from './create-program.js';
import { oneLine } from './one-line.js';

/**
 * Runs `studio` with `argv` (as `process.argv`) and resolves with the exit code:
 *
 * - 0 on success (and for `--help` / `--version`);
 * - 1 on any error, printed as **one** line on stderr: `error: <message>` — commander's own
 *   (unknown command or option, missing argument; a "did you mean" suggestion stays on the same
 *   line), a group called without a subcommand (`error: missing command: studio db <command>; see
 *   "studio db --help"`), a command's bad input, an unreachable database (`error: The database is
 *   unavailable: …`). No stack trace, unless `STUDIO_DEBUG=1`.
 *
 * @example
 * process.exitCode = await runCli(process.argv);
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  let errorHelp = '';
  const program = createProgram({
    outputError: (message) => process.stderr.write(`${oneLine(message)}\n`),
    writeErrHelp: (text) => {
      errorHelp += text;
    },
  });
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') {
        // a group command (db, mcp, ...) without a subcommand: commander wrote its help to stderr
        const usage = /Usage: (\S+(?: [a-z][\w-]*)*)/.exec(errorHelp)?.[1] ?? 'studio';
        process.stderr.write(`error: missing command: ${usage} <command>; see "${usage} --help"\n`);
        return error.exitCode || 1;
      }
      return error.exitCode || 1; // already printed by outputError
    }
    const { formatError } = await import('./format-error.js');
    process.stderr.write(`error: ${formatError(error)}\n`);
    if (process.env.STUDIO_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
