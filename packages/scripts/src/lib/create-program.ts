/**
 * The `studio` command tree.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerApiKeys } from '../commands/api-keys.js';
import { registerCompletion } from '../commands/completion.js';
import { registerDb } from '../commands/db.js';
import { registerDoctor } from '../commands/doctor.js';
import { registerExportImport } from '../commands/export-import.js';
import { registerMcp } from '../commands/mcp.js';
import { registerMonitor } from '../commands/monitor.js';
import { registerRegisterTestHybridWorkflow } from '../commands/register-test-hybrid-workflow.js';
import { registerRun } from '../commands/run.js';
import { registerSecrets } from '../commands/secrets.js';
import { registerResources } from '../commands/resources.js';
import { registerSessionsReport } from '../commands/sessions-report.js';
import { registerWorker } from '../commands/worker.js';
import { addGlobalOptions } from './global-options.js';

/**
 * Output hooks the runner installs, so every commander error is one line.
 */
export interface ProgramOutput {
  /** Receives commander's error messages (`error: unknown option '--x'`). */
  outputError(message: string): void;
  /** Receives help written because of an error (a group command called without a subcommand). */
  writeErrHelp(text: string): void;
}

/**
 * One command group: `register(program)` adds it (one file per group under `src/commands/`).
 * Add a group by appending its register function to {@link COMMAND_GROUPS}.
 */
export type RegisterCommands = (program: Command) => void;

/** Every command group, in the order `studio --help` lists them. */
export const COMMAND_GROUPS: readonly RegisterCommands[] = [
  registerDb,
  registerDoctor,
  registerRegisterTestHybridWorkflow,
  registerResources,
  registerMcp,
  registerMonitor,
  registerSessionsReport,
  registerApiKeys,
  registerWorker,
  registerRun,
  registerSecrets,
  registerExportImport,
  registerCompletion,
];

/** This package's version (dist/cli.js and its chunks sit in dist/, beside ../package.json). */
function cliVersion(): string {
  try {
    return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * Builds the `studio` program with every command registered. Commander throws instead of
 * exiting (`exitOverride`), so the runner decides exit codes and output.
 *
 * @example
 * const program = createProgram({ outputError: (m) => process.stderr.write(m), writeErrHelp: () => {} });
 * await program.parseAsync(['node', 'studio', 'db', 'migrate', 'status']);
 */
export function createProgram(output: ProgramOutput): Command {
  const program = new Command('studio')
    .description("Agent Studio's operator CLI: database, doctor, test workflow, MCP health, session migration report, API keys")
    .version(cliVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nDatabase: --database-url, else DATABASE_URL (postgres://...) from the environment or ./.env, else (unset) the embedded\n' +
        'database in AGENT_STUDIO_DATA_DIR (default .data/). An empty DATABASE_URL is an error.\n' +
        'Results go to stdout (one JSON document with --json); progress and errors to stderr.\n' +
        'Exit 0 on success, 1 on an error, 2 on a usage error (bad or conflicting flags, a destructive command without --yes).',
    );
  addGlobalOptions(program);

  for (const register of COMMAND_GROUPS) register(program);

  // the same behaviour on every command, including the ones registered above
  const configure = (command: Command): void => {
    command
      .exitOverride()
      .configureOutput({ outputError: (message) => output.outputError(message), writeErr: (text) => output.writeErrHelp(text) });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}
