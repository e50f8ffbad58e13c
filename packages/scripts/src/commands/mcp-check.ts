/**
 * `studio mcp check [--all]`: one health sweep in the foreground.
 *
 * @module
 */
import type { Command } from 'commander';
import type { CheckEvent } from '@agent-studio/legacy/monitor';
import { emit, err, out, outTable } from '../lib/output.js';
import { parsePositiveInt } from '../lib/parse-int-option.js';
import { checkOutcome } from '../mcp/check-outcome.js';

interface McpCheckCliOptions {
  all?: boolean;
  concurrency: number;
  deadlineMs: number;
}

function summaryRow(e: CheckEvent): string[] {
  const r = e.result;
  const error = r.ok
    ? r.ping === 'timeout'
      ? 'ping timed out'
      : ''
    : `${r.error.kind}: ${r.error.message}`;
  return [
    e.serverName,
    checkOutcome(e),
    `${Math.round(r.latencyMs)} ms`,
    r.ok ? String(r.toolCount) : '-',
    e.error ? `${error ? `${error}; ` : ''}write failed: ${e.error.message}` : error,
  ];
}

/**
 * Registers `mcp check [--all] [--concurrency <n>] [--deadline-ms <ms>] [--json]`: one sweep of
 * the legacy health monitor (`createHealthMonitor(...).sweepOnce()`), results persisted as the
 * background monitor would. Progress on stderr (a bar on a TTY, plain lines otherwise); at the
 * end a table on stdout: name, status, latency, tools, error. `--all` first sets
 * `next_check_at = now` on every enabled server (the monitor has no such option), so all of them
 * are checked, due or not. Exit 0 when the sweep ran (whatever the servers' health; a monitor
 * sweeping at the same time shares the due servers), 1 when it was interrupted.
 *
 * @example
 * registerMcpCheck(program.command('mcp'));
 * // $ pnpm studio mcp check --all
 */
export function registerMcpCheck(mcp: Command): void {
  mcp
    .command('check')
    .description('run one health sweep now, with progress and a summary table')
    .option('--all', 'check every enabled server, not only those due')
    .option('--concurrency <n>', 'probes at once', parsePositiveInt, 10)
    .option('--deadline-ms <ms>', 'deadline of each check', parsePositiveInt, 10_000)
    .action(async (options: McpCheckCliOptions) => {
      const { withEngine } = await import('../lib/with-engine.js');
      const { runMcpCheck } = await import('../mcp/run-mcp-check.js');
      const { createCheckProgress } = await import('../mcp/check-progress.js');
      const interrupt = new AbortController();
      const onSignal = (): void => interrupt.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const { report, checks, madeDue } = await withEngine((engine) =>
          runMcpCheck(engine, {
            all: options.all === true,
            concurrency: options.concurrency,
            deadlineMs: options.deadlineMs,
            progress: createCheckProgress(process.stderr),
            signal: interrupt.signal,
          }),
          { requireMigrated: true },
        );
        const sorted = [...checks].sort((a, b) => a.serverName.localeCompare(b.serverName));
        emit(
          {
            report,
            ...(madeDue === undefined ? {} : { madeDue }),
            checks: sorted.map((e) => ({
              serverId: e.serverId,
              name: e.serverName,
              status: e.status,
              recorded: e.recorded,
              latencyMs: Math.round(e.result.latencyMs),
              toolCount: e.result.ok ? e.result.toolCount : null,
              error: e.result.ok ? null : e.result.error,
              writeError: e.error ? e.error.message : null,
            })),
          },
          () => {
            if (checks.length === 0) {
              out(options.all ? 'no enabled MCP server to check' : 'no MCP server is due (use --all to check every enabled server)');
              return;
            }
            outTable(['name', 'status', 'latency', 'tools', 'error'], sorted.map(summaryRow), 80);
            out(`checked ${report.probed} of ${report.claimed} server(s) in ${report.durationMs} ms`);
          },
        );
        if (interrupt.signal.aborted) {
          // the result above is still the one document on stdout; the exit code says it is partial
          err(`error: interrupted after ${checks.length} of ${report.claimed} check(s); ${report.released} claimed server(s) handed back unchecked`);
          process.exitCode = 1;
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
