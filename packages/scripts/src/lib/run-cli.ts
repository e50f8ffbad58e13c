/**
 * Running the CLI: parse, run, and turn every failure into one line and an exit code.
 *
 * @module
 */
import { CommanderError } from 'commander';
import { isCliError, USAGE_EXIT_CODE } from './cli-error.js';
import { colorsFor } from './colors.js';
import { createProgram } from './create-program.js';
import { oneLine } from './one-line.js';
import { isJsonMode, outJson } from './output.js';

/** With `--json`, a failure is also one JSON document on stdout: `{ "error": { message, exitCode } }`. */
function reportFailure(message: string, exitCode: number, json: boolean): number {
  process.stderr.write(`${colorsFor(process.stderr).red('error:')} ${message}\n`);
  if (json) outJson({ error: { message, exitCode } });
  return exitCode;
}

/**
 * Runs `studio` with `argv` (as `process.argv`) and resolves with the exit code:
 *
 * - 0 on success (and for `--help`, `help [command]`, `--version`);
 * - 1 on an error, printed as **one** line on stderr: `error: <message>` — a command's failure,
 *   an unreachable database (`error: The database is unavailable: …`), an unmigrated one. No
 *   stack trace, unless `STUDIO_DEBUG=1`;
 * - 2 on a usage error, also one line: commander's own (unknown command or option, missing or
 *   invalid argument, conflicting options; a "did you mean" suggestion stays on the same line),
 *   a group called without a subcommand (`error: missing command: studio db <command>; see
 *   "studio db --help"`), a destructive command without `--yes` off a terminal.
 *
 * With `--json`, failures are also a JSON document on stdout.
 *
 * @example
 * process.exitCode = await runCli(process.argv);
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  let errorHelp = '';
  const jsonRequested = (): boolean => isJsonMode() || argv.includes('--json');
  const program = createProgram({
    outputError: (message) => {
      const line = oneLine(message).replace(/^error: /, '');
      reportFailure(line, USAGE_EXIT_CODE, jsonRequested());
    },
    writeErrHelp: (text) => {
      errorHelp += text;
    },
  });
  try {
    await program.parseAsync([...argv]);
    // a command that printed its result but must not exit 0 (`db migrate status` with pending
    // migrations, `doctor` with a failed check) sets process.exitCode
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'commander.help') {
        if (error.exitCode === 0) return 0; // `studio help [command]`, `studio db help migrate`
        // a group command (db, mcp, ...) without a subcommand: commander wrote its help to stderr
        const usage = /Usage: (\S+(?: [a-z][\w-]*)*)/.exec(errorHelp)?.[1] ?? 'studio';
        return reportFailure(`missing command: ${usage} <command>; see "${usage} --help"`, USAGE_EXIT_CODE, jsonRequested());
      }
      return USAGE_EXIT_CODE; // already printed by outputError
    }
    const { formatError } = await import('./format-error.js');
    const code = reportFailure(formatError(error), isCliError(error) ? error.exitCode : 1, jsonRequested());
    if (process.env.STUDIO_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return code;
  }
}
