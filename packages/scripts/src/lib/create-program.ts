/**
 * The `studio` command tree.
 *
 * @module
 */
import { Command } from 'commander';
import { registerApiKeys } from '../commands/api-keys.js';
import { registerDb } from '../commands/db.js';
import { registerMcp } from '../commands/mcp.js';
import { registerMonitor } from '../commands/monitor.js';
import { registerRegisterTestHybridWorkflow } from '../commands/register-test-hybrid-workflow.js';
import { registerRun } from '../commands/run.js';
import { registerSecrets } from '../commands/secrets.js';
import { registerSessionsReport } from '../commands/sessions-report.js';
import { registerWorker } from '../commands/worker.js';

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
 * Builds the `studio` program with every command registered. Commander throws instead of
 * exiting (`exitOverride`), so the runner decides exit codes and output.
 *
 * @example
 * const program = createProgram({ outputError: (m) => process.stderr.write(m), writeErrHelp: () => {} });
 * await program.parseAsync(['node', 'studio', 'db', 'migrate', 'status']);
 */
export function createProgram(output: ProgramOutput): Command {
  const program = new Command('studio')
    .description("Agent Studio's operator CLI: database, test workflow, MCP health, session migration report, API keys")
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nDatabase: DATABASE_URL (postgres://...), or unset for the embedded database in AGENT_STUDIO_DATA_DIR (default .data/).\n' +
        'Results go to stdout; progress and errors to stderr. Exit 0 on success, 1 on any error.',
    );

  registerDb(program);
  registerRegisterTestHybridWorkflow(program);
  registerMcp(program);
  registerMonitor(program);
  registerSessionsReport(program);
  registerApiKeys(program);
  registerWorker(program);
  registerRun(program);
  registerSecrets(program);

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
