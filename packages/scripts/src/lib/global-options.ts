/**
 * The options every command accepts (before or after its name), applied once before its action.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import { applyCliEnvironment } from './cli-environment.js';
import { setJsonMode } from './output.js';

/** The values of the global options, as commander parses them. */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly databaseUrl?: string;
  /** `--dotenv <path>` (not `--env-file`: Node 20 takes that option even after the script name). */
  readonly dotenv?: string;
}

/**
 * Adds `--json`, `--database-url <url>` and `--dotenv <path>` to the program (commander
 * recognises program options after a subcommand too, and `showGlobalOptions` lists them in every
 * command's help), and a `preAction` hook that loads the env file, applies `--database-url` and
 * switches JSON output on before any command runs.
 *
 * @example
 * const program = new Command('studio');
 * addGlobalOptions(program);
 * // $ studio api-keys list --json --database-url postgres://postgres@127.0.0.1:5432/test
 */
export function addGlobalOptions(program: Command): void {
  program
    .addOption(new Option('--json', 'print the result as one JSON document on stdout (logs stay on stderr)'))
    .addOption(new Option('--database-url <url>', 'the PostgreSQL server to use (overrides DATABASE_URL)'))
    .addOption(new Option('--dotenv <path>', 'read variables from this file (default: ./.env when it exists; the environment wins)'))
    .configureHelp({ showGlobalOptions: true })
    .hook('preAction', (_program, action) => {
      const options = action.optsWithGlobals<GlobalOptions>();
      setJsonMode(options.json === true);
      applyCliEnvironment({
        ...(options.dotenv === undefined ? {} : { envFile: options.dotenv }),
        ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
      });
    });
}
