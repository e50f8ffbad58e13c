/**
 * `studio register-test-hybrid-workflow`: the original `scripts/register_test_hybrid_workflow.py`,
 * on the exec session and the SDK services.
 *
 * @module
 */
import type { Command } from 'commander';
import { CliError, USAGE_EXIT_CODE } from '../lib/cli-error.js';
import { emit, err, out, outTable } from '../lib/output.js';

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--mcp-url must be an http(s) URL, got "${value}"`, USAGE_EXIT_CODE);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--mcp-url must be an http(s) URL, got "${value}"`, USAGE_EXIT_CODE);
  return value;
}

/**
 * Registers `register-test-hybrid-workflow [--mcp-url <url>] [--json]`: creates (or reuses by
 * name) the MCP server, agents and functions a hybrid workflow needs, the workflow itself (agent,
 * function and condition nodes), validates it and publishes it — a new version only when the
 * definition changed. Prints what it made or found (a table, or `--json`), warnings on stderr.
 * Running it again changes nothing.
 *
 * @example
 * registerRegisterTestHybridWorkflow(program);
 * // $ pnpm studio register-test-hybrid-workflow
 */
export function registerRegisterTestHybridWorkflow(program: Command): void {
  program
    .command('register-test-hybrid-workflow')
    .description('create (or reuse) the agents, functions and MCP server of a test hybrid workflow, validate and publish it')
    .option('--mcp-url <url>', 'URL of the MCP server to register (when it is created; enables it)')
    .action(async (options: { mcpUrl?: string }) => {
      const mcpUrl = options.mcpUrl === undefined ? undefined : httpUrl(options.mcpUrl);
      const { withEngine } = await import('../lib/with-engine.js');
      const { registerHybridWorkflow } = await import('../hybrid-workflow/register-hybrid-workflow.js');
      const report = await withEngine((engine) => registerHybridWorkflow(engine, mcpUrl ? { mcpUrl } : {}), { requireMigrated: true });
      for (const warning of report.validation.warnings) err(`warning: ${warning.code}: ${warning.message}`);
      emit(report, () => {
        outTable(['kind', 'name', 'id', 'action'], report.rows.map((r) => [r.kind, r.name, r.id, r.action]));
        out(
          `workflow "${report.published.name}" version ${report.published.versionNumber ?? '?'} ` +
            (report.unchanged ? '(nothing changed)' : 'is published'),
        );
      });
    });
}
